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
/// naming several pupils, until the latest of them (ADR 28). An allegation (and a low-level concern): 10 years from when
/// the school was told. A parent's breach of the code has no statutory period: it is kept until a review decides.
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
    /// The day the case's retention period ends by law, from the pupils' dates of birth the directory holds
    /// (<paramref name="known"/>), or null when it cannot be worked out (a parent's breach; a pupil the directory does
    /// not hold a date of birth for): such a record is not destroyed.
    /// </summary>
    public static DateOnly? Until(Case @case, IReadOnlyDictionary<Guid, PupilFacts> known)
    {
        var file = @case.File;
        if (@case.Kind == CaseKind.Allegation)
        {
            return Calendar.WorkingDayCalendar.LocalDate(file.ReportedAt).AddYears(AllegationYears);
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
    public static DateOnly? DueOn(Case @case, IReadOnlyDictionary<Guid, PupilFacts> known) => @case.File.KeptUntil ?? Until(@case, known);
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
        var due = Retention.DueOn(@case, context.Pupils);
        Require.That(due is not null, "RETENTION", "The record's retention date cannot be worked out (no statutory period, or a pupil's date of birth is not held): a review keeps it until a day.");
        Require.That(due <= today, "RETENTION", $"The record is kept until {due:yyyy-MM-dd}: it is not destroyed before.");
        return [new ContentErased(DecisionId, ErasureReason.RetentionReview, Actor.Id, Now, []), new RecordDestroyed(DecisionId, Now, due!.Value)];
    }
}
