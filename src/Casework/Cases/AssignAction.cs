using Casework.Http;

namespace Casework.Cases;

public sealed record AssignAction(Actor Actor, DateTimeOffset Now, Guid ActionId, Guid AssigneeId, string What, DateOnly? DueOn) : ICaseCommand
{
    public CaseAction Action => CaseAction.AssignAction;

    /// <summary>Who is to do what, by when. The action's id is assigned here; the timeline shows it for complete-action.</summary>
    public sealed record Request(Guid AssigneeId, [TextLimit(TextLimits.Words)] string What, DateOnly? DueOn = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            Guid.Parse("5d2c7a10-8e4f-4b6a-9c3d-1e2f3a4b5c6d"), "Check in with the pupil at the start of each day this week.", DateOnly.Parse("2026-11-27"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AssignAction(actor, now, Guid.CreateVersion7(now), AssigneeId, What, DueOn);
    }

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.Text(What, "R3", "Say what is to be done.");
        return file.UsedIds.Contains(ActionId) ? [] : [new ActionAssigned(ActionId, AssigneeId, What, DueOn)];
    }
}
