using Casework.Http;

namespace Casework.Cases;

/// <summary>R14: the only thing a closed case accepts, from its manager, with a reason.</summary>
public sealed record ReopenCase(Actor Actor, DateTimeOffset Now, string Reason) : ICaseCommand
{
    public CaseAction Action => CaseAction.Reopen;

    /// <summary>Why the closed case is opened again (R14).</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Reason) : ICaseRequest
    {
        public static Request Example { get; } = new("The same parent posted again about the same member of staff on 20 November.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ReopenCase(actor, now, Reason);
    }

    internal static Refusal? Check(SharedState file) =>
        !file.Reported ? CaseGuards.Open(file) : file.Closed ? null : Refusal.AlreadyDone;

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(Reason, "R14", "A closed case is reopened only with a reason.");
        return [new CaseReopened(Reason)];
    }
}
