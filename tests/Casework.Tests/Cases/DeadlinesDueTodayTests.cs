using Casework.Alerts;
using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using Casework.Concerns;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>
/// Issue 17, item 5: the deadlines due today for someone (GET /api/me/due-today, the console's Today) are theirs as the
/// morning's reminder decides it (<see cref="CaseAlerts.Owners"/>) and end on today's London day, still open.
/// </summary>
public sealed class DeadlinesDueTodayTests
{
    private static CaseRecord Record(params object[] events) => CaseRecord.Append(null, Id(99), 0, events)!;

    private static IReadOnlyList<string> DueToday(CaseRecord record, Guid reader, DateTimeOffset now) =>
        [.. ListMyDeadlinesDueToday.DueToday(record, As(reader), now).Select(d => d.Name).Order()];

    [Fact]
    public void A_DSLs_triage_is_due_today_for_the_DSL_through_the_day_it_ends_and_not_before_nor_once_it_has_passed()
    {
        // Told on Tuesday 10 March: one working day, so the triage ends with Wednesday.
        var record = Record(new ConcernReported(Teacher, Now, [new PupilInvolved(Year6Pupil, PupilRole.Victim)], ConcernCategory.OnlineSafety, "a", null, Earlier, null, Now));
        var wednesday = WorkingDayCalendar.StartOf(new DateOnly(2026, 3, 11));

        Assert.Empty(DueToday(record, Dsl, Now));
        Assert.Equal([DeadlineNames.DslTriage], DueToday(record, Dsl, wednesday));
        Assert.Equal([DeadlineNames.DslTriage], DueToday(record, Dsl, wednesday.AddHours(24).AddTicks(-1)));
        Assert.Empty(DueToday(record, Dsl, wednesday.AddHours(24)));
        // Not the head's, nor the reporter's.
        Assert.Empty(DueToday(record, Head, wednesday));
        Assert.Empty(DueToday(record, Teacher, wednesday));

        var triaged = CaseRecord.Append(record, record.Id, record.Version, [new CaseTriaged(RiskLevel.Low, "r")])!;
        Assert.Empty(DueToday(triaged, Dsl, wednesday));
    }

    [Fact]
    public void R6_an_allegations_same_day_referrals_are_due_today_for_its_case_manager_and_not_for_the_DSL_R4()
    {
        var aboutTeacher = Record(new AllegationReported(Teacher, Now, OtherTeacher, "a", Earlier, true, false, Now));
        Assert.Equal([DeadlineNames.LadoReferral, DeadlineNames.PoliceReferral], DueToday(aboutTeacher, Head, Now));
        Assert.Empty(DueToday(aboutTeacher, Dsl, Now));

        var aboutHead = Record(new AllegationReported(Teacher, Now, Head, "a", Earlier, true, false, Now), new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors));
        Assert.Equal([DeadlineNames.LadoReferral, DeadlineNames.PoliceReferral], DueToday(aboutHead, Chair, Now));
        Assert.Empty(DueToday(aboutHead, Head, Now));
    }
}
