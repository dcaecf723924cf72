using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>R8: one of the five outcomes, with its rationale. Recorded by the case manager or, once referred, the LADO liaison.</summary>
public sealed record RecordAllegationOutcome(Actor Actor, DateTimeOffset Now, AllegationOutcome Outcome, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordOutcome;

    /// <summary>One of the five outcomes and why (R8).</summary>
    public sealed record Request(AllegationOutcome Outcome, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(
            AllegationOutcome.Substantiated,
            "The messages were found on the pupil's phone and the teacher accepts sending them; the strategy meeting agreed the allegation is substantiated.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordAllegationOutcome(actor, now, Outcome, Rationale);
    }

    internal IReadOnlyList<object> Decide(Allegation.State state)
    {
        Require.Rationale(Rationale, "The outcome");
        return state.Outcome == Outcome ? [] : [new AllegationOutcomeRecorded(Outcome, Rationale, Now)];
    }
}
