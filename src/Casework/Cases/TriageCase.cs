namespace Casework.Cases;

/// <summary>The DSL triages a concern or disclosure (R2), with a rationale (R3). Re-triage records a change.</summary>
public sealed record TriageCase(Actor Actor, DateTimeOffset Now, RiskLevel Risk, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.Triage;

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.Rationale(Rationale, "Triage");
        var triaged = new CaseTriaged(Risk, Rationale);
        return triaged == file.Triage ? [] : [triaged];
    }
}
