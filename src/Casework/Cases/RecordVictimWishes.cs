namespace Casework.Cases;

/// <summary>R12: record what the member of staff who was cyberbullied wants done about the police.</summary>
public sealed record RecordVictimWishes(Actor Actor, DateTimeOffset Now, bool WantsPolice, string Notes, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.RecordVictimWishes;

    internal static Refusal? Check(CaseFile file) =>
        file.StaffVictimId is null ? Refusal.Broken("R12", "No member of staff is recorded as the victim in this case.") : null;

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.NotInFuture(OccurredAt, Now, "the wishes were given");
        return file.VictimWantsPolice == WantsPolice ? [] : [new VictimWishesRecorded(file.StaffVictimId!.Value, WantsPolice, Notes ?? "", OccurredAt)];
    }
}
