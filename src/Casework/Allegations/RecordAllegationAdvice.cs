using Casework.Cases;

namespace Casework.Allegations;

/// <summary>Record advice from the LADO (manager or LADO liaison) or from HR (manager). R7 needs one before investigating unsuitable material.</summary>
public sealed record RecordAllegationAdvice(Actor Actor, DateTimeOffset Now, AdviceSource From, string Advice, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => From == AdviceSource.Lado ? CaseActions.RecordLadoAdvice : CaseActions.RecordHrAdvice;

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(Advice, "R7", "Write down the advice given.");
        Require.NotInFuture(OccurredAt, Now, "the advice was given");
        return [new AllegationAdviceRecorded(From, Advice, OccurredAt)];
    }
}
