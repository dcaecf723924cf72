using Casework.Http;

namespace Casework.Cases;

public sealed record CompleteAction(Actor Actor, DateTimeOffset Now, Guid ActionId, string Outcome) : ICaseCommand
{
    public CaseAction Action => CaseAction.CompleteAction;

    /// <summary>The id of the action assigned (from the timeline) and what was done.</summary>
    public sealed record Request(Guid ActionId, [TextLimit(TextLimits.Words)] string Outcome) : ICaseRequest
    {
        public static Request Example { get; } = new(
            Guid.Parse("019a9f2e-6c41-7b2d-8e5f-3a4b5c6d7e8f"), "Checked in daily; the pupil says the messages have stopped and she feels safe in class.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new CompleteAction(actor, now, ActionId, Outcome);
    }

    internal static Refusal? Check(SharedState file) =>
        file.OpenActions.IsEmpty ? Refusal.Broken("R14", "This case has no open action to complete.") : null;

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.That(file.UsedIds.Contains(ActionId), "R14", "No such action was assigned on this case.");
        Require.Text(Outcome, "R3", "Say what was done.");
        return file.OpenActions.Contains(ActionId) ? [new ActionCompleted(ActionId, Outcome)] : [];
    }
}
