namespace Casework.Cases;

public sealed record AssignAction(Actor Actor, DateTimeOffset Now, Guid ActionId, Guid AssigneeId, string What, DateOnly? DueOn) : ICaseCommand
{
    public string Action => CaseActions.AssignAction;

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.Text(What, "R3", "Say what is to be done.");
        return file.UsedIds.Contains(ActionId) ? [] : [new ActionAssigned(ActionId, AssigneeId, What, DueOn)];
    }
}
