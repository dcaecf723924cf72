using Casework.Http;

namespace Casework.Cases;

/// <summary>A decision with its rationale (R3): no further action, not referring to the police, handle in school…</summary>
public sealed record RecordDecision(Actor Actor, DateTimeOffset Now, CaseDecision Decision, string Details, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordDecision;

    /// <summary>The decision, why it was taken (R3), and any details.</summary>
    public sealed record Request(
        CaseDecision Decision,
        [TextLimit(TextLimits.Words)] string Rationale,
        [TextLimit(TextLimits.Words)] string? Details = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            CaseDecision.HandleInSchool,
            "Both pupils are 15, the image was shared consensually between them and deleted; no UKCIS criterion holds, so involving the police would criminalise them unnecessarily.",
            "Both families told; education session with the pastoral lead booked.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordDecision(actor, now, Decision, Details ?? "", Rationale);
    }

    // refusedByKind: Why this kind of case refuses this decision now (R5, R9), or null.
    internal IReadOnlyList<object> Decide(SharedState file, Refusal? refusedByKind)
    {
        Refusal.Enforce(refusedByKind);
        Require.Rationale(Rationale, "A decision");
        return Decision != CaseDecision.Other && file.Decisions.Contains(Decision) ? []
            : [new DecisionRecorded(Decision, Details ?? "", Rationale)];
    }
}
