using Casework.Http;

namespace Casework.Cases;

public sealed record RecordMeeting(Actor Actor, DateTimeOffset Now, Guid MeetingId, DateTimeOffset OccurredAt, ValueList<string> Attendees, string Summary) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordMeeting;

    /// <summary>When the meeting was held, who attended and what was said.</summary>
    public sealed record Request(
        DateTimeOffset OccurredAt,
        [TextLimit(TextLimits.Name)] ValueList<string> Attendees,
        [TextLimit(TextLimits.Words)] string Summary) : ICaseRequest
    {
        public static Request Example { get; } = new(
            DateTimeOffset.Parse("2026-11-19T15:30:00+00:00"),
            ["Dana Lead (DSL)", "Hari Head (headteacher)", "Pat Parent"],
            "Went through the social-media code with the parent, who agreed to take the post down and to raise concerns with the school directly.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            new RecordMeeting(actor, now, Guid.CreateVersion7(now), OccurredAt, Attendees, Summary);
    }

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.That(Attendees.Count > 0, "R3", "Say who attended the meeting.");
        Require.Text(Summary, "R3", "Summarise what was said at the meeting.");
        Require.NotInFuture(OccurredAt, Now, "of the meeting");
        return file.UsedIds.Contains(MeetingId) ? [] : [new MeetingHeld(MeetingId, OccurredAt, Attendees, Summary)];
    }
}
