namespace Casework.Cases;

public sealed record CompleteAction(Actor Actor, DateTimeOffset Now, Guid ActionId, string Outcome) : ICaseCommand
{
    public string Action => CaseActions.CompleteAction;

    internal static Refusal? Check(CaseFile file) =>
        file.OpenActions.IsEmpty ? Refusal.Broken("R14", "This case has no open action to complete.") : null;

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.That(file.UsedIds.Contains(ActionId), "R14", "No such action was assigned on this case.");
        Require.Text(Outcome, "R3", "Say what was done.");
        return file.OpenActions.Contains(ActionId) ? [new ActionCompleted(ActionId, Outcome)] : [];
    }
}
