using Casework.Cases;

namespace Casework.Calendar;

/// <summary>
/// A tenant's deadlines, in working days. Indecent images (R6) are not configurable: the police
/// and the LADO are told the same day.
/// </summary>
public sealed record DeadlineSettings(
    int DslTriageWorkingDays,
    int LadoReferralWorkingDays,
    int SocialCareAcknowledgementWorkingDays,
    int ContentRemovalWaitingWorkingDays)
{
    public static DeadlineSettings Default { get; } = new(1, 1, 1, 5);
}

/// <summary>
/// One deadline of a case. <see cref="Due"/> is exclusive: overdue from that instant on. <see cref="Url"/>: the
/// item of content a content-removal deadline is about (each URL waits for its own poster, R10). <see cref="EscalatedTo"/>:
/// once its miss is recorded on the case (<c>deadline-missed</c>), the roles it was escalated to (none above the chair).
/// </summary>
public sealed record Deadline(string Name, DateTimeOffset Due, bool Satisfied, string? Url = null, IReadOnlyList<Role>? EscalatedTo = null)
{
    /// <summary>Its miss was recorded on the case, and the people it concerns were alerted.</summary>
    public bool Missed => EscalatedTo is not null;

    public bool IsOverdue(DateTimeOffset now) => !Satisfied && now >= Due;
}
