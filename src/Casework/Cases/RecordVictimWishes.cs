using Casework.Http;

namespace Casework.Cases;

/// <summary>R12: record what the member of staff who was cyberbullied wants done about the police.</summary>
public sealed record RecordVictimWishes(Actor Actor, DateTimeOffset Now, bool WantsPolice, string Notes, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordVictimWishes;

    /// <summary>Whether the member of staff wants the police told (R12), when they said so, and any notes.</summary>
    public sealed record Request(bool WantsPolice, DateTimeOffset OccurredAt, [TextLimit(TextLimits.Words)] string? Notes = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            false, DateTimeOffset.Parse("2026-11-19T12:30:00+00:00"), "Mr T. would rather the school dealt with it; he will reconsider if the posts continue.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordVictimWishes(actor, now, WantsPolice, Notes ?? "", OccurredAt);
    }

    internal static Refusal? Check(SharedState file) =>
        file.StaffVictimId is null ? Refusal.Broken("R12", "No member of staff is recorded as the victim in this case.") : null;

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.NotInFuture(OccurredAt, Now, "the wishes were given");
        return file.VictimWantsPolice == WantsPolice ? [] : [new VictimWishesRecorded(file.StaffVictimId!.Value, WantsPolice, Notes ?? "", OccurredAt)];
    }
}
