using Casework.Cases;
using Casework.Http;

namespace Casework.Disclosures;

/// <summary>Record what a pupil disclosed, in their words (R1).</summary>
public sealed record RecordDisclosure(
    Actor Actor,
    DateTimeOffset Now,
    Guid PupilId,
    Guid DisclosedTo,
    string WordsAsSaid,
    DisclosureAbout About,
    Guid? OtherPupilId,
    DateTimeOffset OccurredAt,
    DateTimeOffset? ReceivedAt = null,
    Concerns.ConcernCategory? Category = null) : ICaseCommand
{
    public CaseAction Action => CaseAction.Report;

    /// <summary>
    /// Which pupil told which member of staff what, in the pupil's own words, and about whom; <c>receivedAt</c>:
    /// when the pupil told them, if earlier than now (deadlines count from it); <c>category</c>: what it is about, if
    /// the one recording it can say (the DSL may leave it for triage).
    /// </summary>
    public sealed record Request(
        Guid PupilId,
        Guid DisclosedTo,
        [TextLimit(TextLimits.Words)] string WordsAsSaid,
        DisclosureAbout About,
        DateTimeOffset OccurredAt,
        Guid? OtherPupilId = null,
        DateTimeOffset? ReceivedAt = null,
        Concerns.ConcernCategory? Category = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            Guid.Parse("0b7e9f6c-3d4a-4e1b-9a53-2f1c8d7e6a51"),
            Guid.Parse("3c9d2e1f-7a6b-4c5d-8e9f-0a1b2c3d4e5f"),
            "\"My mum's boyfriend shouts at me and last night he pushed me into the door. I don't want to go home.\"",
            DisclosureAbout.Self,
            DateTimeOffset.Parse("2026-11-20T12:10:00+00:00"),
            Category: Concerns.ConcernCategory.DomesticAbuse);

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            new RecordDisclosure(actor, now, PupilId, DisclosedTo, WordsAsSaid, About, OtherPupilId, OccurredAt, ReceivedAt, Category);
    }

    internal IReadOnlyList<object> Decide(CaseContext context)
    {
        var receivedAt = CaseGuards.ValidReport(WordsAsSaid, context.Pupils.ContainsKey(PupilId),
            ("pupilId", "Choose the pupil who disclosed, from the school's directory."), OccurredAt, ReceivedAt, Now);
        Require.That(context.Staff.ContainsKey(DisclosedTo), "R1", "Say which member of staff the pupil told.");
        if (Category is { } category)
        {
            Concerns.ReportConcern.Recorded(context.School.SettingsAt(Now), category);
        }
        return [new DisclosureRecorded(Actor.Id, Now, PupilId, DisclosedTo, WordsAsSaid, About, OtherPupilId, OccurredAt, receivedAt, Category)];
    }
}
