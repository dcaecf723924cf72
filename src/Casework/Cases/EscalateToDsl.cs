using Casework.Http;

namespace Casework.Cases;

/// <summary>
/// Bring the case to the DSL's attention (from a deputy, or from the head on an allegation or parent
/// breach that raises a child-protection concern). Once escalated, the DSL may read the case.
/// </summary>
public sealed record EscalateToDsl(Actor Actor, DateTimeOffset Now, string Reason) : ICaseCommand
{
    public CaseAction Action => CaseAction.EscalateToDsl;

    /// <summary>Why the DSL should see this case.</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Reason) : ICaseRequest
    {
        public static Request Example { get; } = new("The parent's post suggests his daughter is hit at home: a child-protection concern for the DSL.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new EscalateToDsl(actor, now, Reason);
    }

    // A DSL bringing a case to the DSL is no step at all: refused, not only left out of the buttons.
    internal static Refusal? Check(SharedState file, Actor actor) =>
        actor.Has(Role.Dsl) ? Refusal.NotPermitted("R2", "You are a designated safeguarding lead: the case is already before the DSL.")
        : file.EscalatedToDsl ? Refusal.AlreadyDone
        : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.Rationale(Reason, "An escalation");
        return [new CaseEscalatedToDsl(Reason)];
    }
}
