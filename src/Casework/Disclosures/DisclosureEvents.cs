namespace Casework.Disclosures;

public enum DisclosureAbout { Self, AnotherChild }

// The pupil's words are kept as said (Clarendon §8). ReportedAt: when it was recorded, for the triage deadline.
public sealed record DisclosureRecorded(
    Guid RecordedBy,
    DateTimeOffset ReportedAt,
    Guid PupilId,
    Guid DisclosedTo,
    string WordsAsSaid,
    DisclosureAbout About,
    Guid? OtherPupilId,
    DateTimeOffset OccurredAt);
