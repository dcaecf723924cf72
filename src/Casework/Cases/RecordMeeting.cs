namespace Casework.Cases;

public sealed record RecordMeeting(Actor Actor, DateTimeOffset Now, Guid MeetingId, DateTimeOffset OccurredAt, ValueList<string> Attendees, string Summary) : ICaseCommand
{
    public string Action => CaseActions.RecordMeeting;

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.That(Attendees.Count > 0, "R3", "Say who attended the meeting.");
        Require.Text(Summary, "R3", "Summarise what was said at the meeting.");
        Require.NotInFuture(OccurredAt, Now, "of the meeting");
        return file.UsedIds.Contains(MeetingId) ? [] : [new MeetingHeld(MeetingId, OccurredAt, Attendees, Summary)];
    }
}
