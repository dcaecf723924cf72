using Casework.Concerns;
using Casework.Http;

namespace Casework.Cases;

public enum RetentionDecision { Keep, Destroy }

/// <summary>A retention review kept the record until <paramref name="KeepUntil"/>, when it is reviewed again, and why (ADR 35).</summary>
public sealed record RetentionReviewed(Guid DecisionId, DateOnly KeepUntil, [PersonalContent] string Reason);

/// <summary>
/// The record was destroyed after a retention review (ADR 35): only that it existed, when it was destroyed (the event's
/// time, and <paramref name="DestroyedAt"/>) and why: its retention period ended on <paramref name="RetainedUntil"/>. Its
/// content went with its data key (<see cref="ContentErased"/>, in the same commit).
/// </summary>
public sealed record RecordDestroyed(Guid DecisionId, DateTimeOffset DestroyedAt, DateOnly RetainedUntil);

/// <summary>
/// How long a case is kept (ADR 35). A pupil's record: until their date of birth + 25 years, 75 for sexual abuse; a case
/// naming several pupils, until the latest of them (ADR 28). An allegation (and a low-level concern): until the subject
/// reaches normal retirement age (<see cref="StatePensionAge"/>) or 10 years from when the school was told, whichever is
/// later (KCSIE Part 4); 10 years when the directory holds no date of birth for them. A low-level concern: the years the
/// school sets after the member of staff leaves (at least until they leave). A parent's breach of the code has no
/// statutory period: it is kept until a review decides.
/// </summary>
public static class Retention
{
    public const int PupilYears = 25;
    public const int SexualAbuseYears = 75;
    public const int AllegationYears = 10;

    /// <summary>The categories kept as sexual abuse records (75 years).</summary>
    public static IReadOnlySet<ConcernCategory> SexualAbuse { get; } = new HashSet<ConcernCategory>
    {
        ConcernCategory.SexualAbuse, ConcernCategory.SexualViolenceOrHarassment, ConcernCategory.ChildSexualExploitation, ConcernCategory.SharingNudes,
    };

    /// <summary>
    /// The day the case's retention period ends by law, from the dates of birth the directory holds of its pupils
    /// (<paramref name="known"/>) and of an allegation's subject (<paramref name="staff"/>), or null when it cannot be
    /// worked out (a parent's breach, whichever pupils it concerns: the law sets it no period; a pupil the directory does
    /// not hold a date of birth for; a low-level concern whose subject has not left, or left before the directory
    /// recorded the day): such a record is not destroyed.
    /// </summary>
    public static DateOnly? Until(Case @case, IReadOnlyDictionary<Guid, PupilFacts> known, IReadOnlyDictionary<Guid, StaffFacts> staff)
    {
        var file = @case.File;
        if (@case is AllegationCase { State.LowLevelConcern: true })
        {
            return Subject(@case, staff) is { LeftOn: { } left } ? left.AddYears(file.Policy.LowLevelConcernYears) : null;
        }
        if (@case.Kind == CaseKind.Allegation)
        {
            var tenYears = Calendar.WorkingDayCalendar.LocalDate(file.ReportedAt).AddYears(AllegationYears);
            return SubjectBorn(@case, staff) is { } born && StatePensionAge.ReachedOn(born) is var retires && retires > tenYears ? retires : tenYears;
        }
        if (@case.Kind == CaseKind.ParentBreach)
        {
            return null;
        }
        var pupils = @case.Parties.Pupils;
        if (pupils.Count == 0 || pupils.Any(p => !known.ContainsKey(p)))
        {
            return null;
        }
        var years = @case.Category is { } category && SexualAbuse.Contains(category) ? SexualAbuseYears : PupilYears;
        return pupils.Max(p => known[p].DateOfBirth.AddYears(years));
    }

    /// <summary>When the case is next due for review: the date a review kept it until, else its retention date.</summary>
    public static DateOnly? DueOn(Case @case, IReadOnlyDictionary<Guid, PupilFacts> known, IReadOnlyDictionary<Guid, StaffFacts> staff) =>
        @case.File.KeptUntil ?? Until(@case, known, staff);

    /// <summary>
    /// Whether the date rests on a date of birth the directory does not hold: a pupil's (no date at all) or an
    /// allegation subject's (10 years, which may end before their retirement age: a review checks before destroying).
    /// A parent's breach has no date by law, so never, whatever the directory holds of its pupils.
    /// </summary>
    public static bool DateOfBirthUnknown(Case @case, IReadOnlyDictionary<Guid, PupilFacts> known, IReadOnlyDictionary<Guid, StaffFacts> staff) => @case.Kind switch
    {
        CaseKind.Allegation => SubjectBorn(@case, staff) is null,
        CaseKind.ParentBreach => false,
        _ => @case.Parties.Pupils.Any(p => !known.ContainsKey(p)),
    };

    /// <summary>A low-level concern about someone still at the school: kept at least until they leave, so not yet due for review.</summary>
    public static bool KeptWhileTheyStay(Case @case, IReadOnlyDictionary<Guid, StaffFacts> staff) =>
        @case is AllegationCase { State.LowLevelConcern: true } && Subject(@case, staff) is { HasLeft: false };

    private static DateOnly? SubjectBorn(Case @case, IReadOnlyDictionary<Guid, StaffFacts> staff) => Subject(@case, staff)?.DateOfBirth;

    private static StaffFacts? Subject(Case @case, IReadOnlyDictionary<Guid, StaffFacts> staff) =>
        @case.Parties.Subject is { } subject ? staff.GetValueOrDefault(subject) : null;
}

/// <summary>
/// A retention review by the case's manager (ADR 35): keep the closed record until a later date, with the reason, or
/// destroy it once it is due and no legal hold stands, by deleting its data key.
/// </summary>
public sealed record ReviewRetention(Actor Actor, DateTimeOffset Now, Guid DecisionId, RetentionDecision Decision, DateOnly? KeepUntil, string? Reason) : ICaseCommand
{
    public CaseAction Action => CaseAction.ReviewRetention;

    /// <summary><c>keep</c> with <c>keepUntil</c> (a later day) and <c>reason</c>, or <c>destroy</c>: destruction cannot be undone.</summary>
    public sealed record Request(RetentionDecision Decision, DateOnly? KeepUntil = null, [TextLimit(TextLimits.Words)] string? Reason = null) : ICaseRequest
    {
        public static Request Example { get; } = new(RetentionDecision.Keep, new DateOnly(2031, 9, 1), "A sibling's case at the school refers to this one.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            Decision == RetentionDecision.Keep && KeepUntil is null
                ? throw new CallerRefused(StatusCodes.Status400BadRequest, "Keeping a record needs the day it is kept until.", "keepUntil")
                : new ReviewRetention(actor, now, Guid.CreateVersion7(now), Decision, KeepUntil, Reason);
    }

    internal static Refusal? Check(SharedState file) =>
        !file.Closed ? Refusal.Broken("RETENTION", "A record is reviewed for retention once the case is closed.") : null;

    internal IReadOnlyList<object> Decide(Case @case, CaseContext context)
    {
        var today = Calendar.WorkingDayCalendar.LocalDate(Now);
        if (Decision == RetentionDecision.Keep)
        {
            Require.Rationale(Reason, "Keeping a record past its review");
            Require.That(KeepUntil > today, "RETENTION", "A record is kept until a later day.");
            return [new RetentionReviewed(DecisionId, KeepUntil!.Value, Reason!)];
        }
        var file = @case.File;
        Require.That(file.Holds.IsEmpty, "RETENTION",
            $"A legal hold stands ({string.Join(", ", file.Holds.Values.Distinct())}): the record is not destroyed until it is lifted.");
        Require.That(!Retention.KeptWhileTheyStay(@case, context.Staff), "RETENTION",
            "A low-level concern is kept at least until the member of staff leaves (KCSIE Part 4): it is not destroyed before.");
        var due = Retention.DueOn(@case, context.Pupils, context.Staff);
        Require.That(due is not null, "RETENTION", "The record's retention date cannot be worked out (no statutory period, or a pupil's date of birth is not held): a review keeps it until a day.");
        Require.That(due <= today, "RETENTION", $"The record is kept until {due:yyyy-MM-dd}: it is not destroyed before.");
        return [new ContentErased(DecisionId, ErasureReason.RetentionReview, Actor.Id, Now, []), new RecordDestroyed(DecisionId, Now, due!.Value)];
    }
}
