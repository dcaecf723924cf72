using Casework.Http;

namespace Casework.Cases;

/// <summary>The DSL triages a concern or disclosure (R2), with a rationale (R3). Re-triage records a change.</summary>
public sealed record TriageCase(Actor Actor, DateTimeOffset Now, RiskLevel Risk, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.Triage;

    /// <summary>The DSL's risk assessment and why.</summary>
    public sealed record Request(RiskLevel Risk, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(RiskLevel.Medium, "Repeated contact from an adult stranger; parents informed and pupil supported.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new TriageCase(actor, now, Risk, Rationale);
    }

    internal IReadOnlyList<object> Decide(SharedState file, CaseContext context)
    {
        Require.Rationale(Rationale, "Triage");
        var triaged = (CaseTriaged)context.AsStored(new CaseTriaged(Risk, Rationale));
        return triaged == file.Triage ? [] : [triaged];
    }
}
