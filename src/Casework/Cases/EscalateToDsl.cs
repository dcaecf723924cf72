namespace Casework.Cases;

/// <summary>
/// Bring the case to the DSL's attention (from a deputy, or from the head on an allegation or parent
/// breach that raises a child-protection concern). Once escalated, the DSL may read the case.
/// </summary>
public sealed record EscalateToDsl(Actor Actor, DateTimeOffset Now, string Reason) : ICaseCommand
{
    public string Action => CaseActions.EscalateToDsl;

    internal static Refusal? Check(CaseFile file) => file.EscalatedToDsl ? Refusal.AlreadyDone : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.Rationale(Reason, "An escalation");
        return [new CaseEscalatedToDsl(Reason)];
    }
}
