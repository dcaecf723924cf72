using Casework.Cases;

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
    DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.Report;

    internal IReadOnlyList<object> Decide(CaseContext context)
    {
        CaseGuards.ValidReport(WordsAsSaid, context.Pupils.ContainsKey(PupilId), OccurredAt, Now);
        Require.That(context.Staff.ContainsKey(DisclosedTo), "R1", "Say which member of staff the pupil told.");
        return [new DisclosureRecorded(Actor.Id, Now, PupilId, DisclosedTo, WordsAsSaid, About, OtherPupilId, OccurredAt)];
    }
}
