namespace Casework.Cases;

/// <summary>A decision with its rationale (R3): no further action, not referring to the police, handle in school…</summary>
public sealed record RecordDecision(Actor Actor, DateTimeOffset Now, CaseDecision Decision, string Details, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.RecordDecision;

    // refusedByKind: Why this kind of case refuses this decision now (R5, R9), or null.
    internal IReadOnlyList<object> Decide(CaseFile file, Refusal? refusedByKind)
    {
        Refusal.Enforce(refusedByKind);
        Require.Rationale(Rationale, "A decision");
        return Decision != CaseDecision.Other && file.Decisions.Contains(Decision) ? []
            : [new DecisionRecorded(Decision, Details ?? "", Rationale)];
    }
}
