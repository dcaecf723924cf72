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

    /// <summary>
    /// Whether <paramref name="request"/> completes an open action assigned to <paramref name="actor"/>: the one action
    /// someone who does not see the whole case may take on it.
    /// </summary>
    public static bool ByItsAssignee(SharedState file, Actor actor, ICaseRequest request) =>
        request is Request r && file.ActionsOf(actor.Id).Any(a => a.Id == r.ActionId);

    /// <summary>
    /// Those who manage the case complete any open action; whoever an open action is assigned to completes their own
    /// (<paramref name="manages"/>: null when the actor manages the case, else why not).
    /// </summary>
    internal static Refusal? Check(SharedState file, Actor actor, Refusal? manages) =>
        file.OpenActions.IsEmpty ? Refusal.Broken("R14", "This case has no open action to complete.")
        : manages is null || file.ActionsOf(actor.Id).Any() ? null
        : manages;

    internal IReadOnlyList<object> Decide(SharedState file, Refusal? manages)
    {
        Require.That(file.UsedIds.Contains(ActionId), "R14", "No such action was assigned on this case.");
        Require.Text(Outcome, "R3", "Say what was done.");
        if (file.OpenActions.Find(a => a.Id == ActionId) is not { } open)
        {
            return [];
        }
        Refusal.Enforce(open.AssigneeId == Actor.Id ? null : manages);
        return [new ActionCompleted(ActionId, Outcome)];
    }
}
