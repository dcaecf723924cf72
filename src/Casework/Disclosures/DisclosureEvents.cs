using Casework.Cases;

namespace Casework.Disclosures;

public enum DisclosureAbout { Self, AnotherChild }

// The pupil's words are kept as said (Clarendon §8). ReportedAt: when it was recorded; ReceivedAt: when the
// pupil told the school, for the triage deadline (absent in disclosures stored before it existed: when recorded).
// Category: what it is about, when the recorder could say (absent before disclosures had one).
public sealed record DisclosureRecorded(
    Guid RecordedBy,
    DateTimeOffset ReportedAt,
    Guid PupilId,
    Guid DisclosedTo,
    [PersonalContent] string WordsAsSaid,
    DisclosureAbout About,
    Guid? OtherPupilId,
    DateTimeOffset OccurredAt,
    DateTimeOffset? ReceivedAt = null,
    Concerns.ConcernCategory? Category = null);
