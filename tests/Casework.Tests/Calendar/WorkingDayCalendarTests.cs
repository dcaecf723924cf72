using Casework.Calendar;

namespace Casework.Tests.Calendar;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.EnglandAndWales;

    private static DateTimeOffset London(int y, int m, int d, int h, int offsetHours = 0) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(offsetHours));

    [Fact]
    public void One_working_day_from_a_tuesday_ends_at_the_end_of_wednesday() =>
        Assert.Equal(London(2026, 3, 12, 0), Calendar.AddWorkingDays(London(2026, 3, 10, 10), 1));

    [Fact]
    public void One_working_day_from_a_friday_evening_ends_at_the_end_of_monday() =>
        Assert.Equal(London(2026, 3, 17, 0), Calendar.AddWorkingDays(London(2026, 3, 13, 18), 1));

    [Fact]
    public void A_report_on_a_saturday_is_due_by_the_end_of_monday() =>
        Assert.Equal(London(2026, 3, 17, 0), Calendar.AddWorkingDays(London(2026, 3, 14, 11), 1));

    [Fact]
    public void Easter_bank_holidays_are_skipped() =>
        // Thursday 2 April 2026 + 1: Good Friday 3rd and Easter Monday 6th are holidays, so Tuesday 7th (BST).
        Assert.Equal(London(2026, 4, 8, 0, 1), Calendar.AddWorkingDays(London(2026, 4, 2, 15, 1), 1));

    [Fact]
    public void Substitute_christmas_holidays_in_2027_are_skipped() =>
        // Friday 24 Dec 2027 + 1: weekend, then substitute days Monday 27th and Tuesday 28th.
        Assert.Equal(London(2027, 12, 30, 0), Calendar.AddWorkingDays(London(2027, 12, 24, 9), 1));

    [Fact]
    public void School_closure_days_are_skipped()
    {
        var inset = new WorkingDayCalendar([new DateOnly(2026, 3, 11)]);
        Assert.False(inset.IsWorkingDay(new DateOnly(2026, 3, 11)));
        Assert.Equal(London(2026, 3, 13, 0), inset.AddWorkingDays(London(2026, 3, 10, 10), 1));
    }

    [Fact]
    public void Weekends_and_bank_holidays_are_not_working_days()
    {
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 3, 14)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 8, 25)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 3, 10)));
    }

    [Fact]
    public void Same_day_ends_at_london_midnight_in_summer_time() =>
        // 23:30 UTC on 1 July is already 2 July in London: the day ends at midnight BST, 23:00 UTC on the 2nd.
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 23, 0, 0, TimeSpan.Zero), WorkingDayCalendar.EndOfDay(new DateTimeOffset(2026, 7, 1, 23, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void A_deadline_is_overdue_from_its_due_instant_unless_satisfied()
    {
        var due = London(2026, 3, 12, 0);
        Assert.False(new Deadline("x", due, false).IsOverdue(due.AddTicks(-1)));
        Assert.True(new Deadline("x", due, false).IsOverdue(due));
        Assert.False(new Deadline("x", due, true).IsOverdue(due.AddDays(3)));
    }
}
