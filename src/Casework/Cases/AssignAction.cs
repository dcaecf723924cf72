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

    /// <summary>
    /// R1: an action goes to a member of staff in the directory who has not left. R4: never to someone the case hides
    /// everything from (the subject of an allegation, a headteacher when the chair manages it), whatever their roles:
    /// asked of the kind's own sight rule as if they held every role that could see it (<paramref name="sight"/>).
    /// </summary>
    internal IReadOnlyList<object> Decide(SharedState file, CaseContext context, Func<Actor, CaseVisibility> sight)
    {
        Require.Text(What, "R3", "Say what is to be done.");
        Require.That(context.Staff.TryGetValue(AssigneeId, out var assignee) && !assignee.HasLeft, "R1",
            "An action is assigned to a member of staff in the school's directory who has not left (assigneeId).");
        Require.That(sight(new Actor(AssigneeId, new HashSet<Role>([.. assignee!.Roles, Role.Auditor]))) != CaseVisibility.None, "R4",
            "This person may not see this case, so an action on it cannot be assigned to them (assigneeId).");
        return file.UsedIds.Contains(ActionId) ? [] : [new ActionAssigned(ActionId, AssigneeId, What, DueOn)];
    }

    /// <summary>The people a request to assign an action names, loaded with the case so the decision can check them.</summary>
    public static IReadOnlyList<Guid> PeopleNamed(ICaseRequest request) => request is Request r ? [r.AssigneeId] : [];
}
