using Casework.Cases;

namespace Casework.Allegations;

/// <summary>R8: one of the five outcomes, with its rationale. Recorded by the case manager or, once referred, the LADO liaison.</summary>
public sealed record RecordAllegationOutcome(Actor Actor, DateTimeOffset Now, AllegationOutcome Outcome, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.RecordOutcome;

    internal IReadOnlyList<object> Decide(Allegation.State state)
    {
        Require.Rationale(Rationale, "The outcome");
        return state.Outcome == Outcome ? [] : [new AllegationOutcomeRecorded(Outcome, Rationale)];
    }
}
