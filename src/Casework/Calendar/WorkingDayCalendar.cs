namespace Casework.Calendar;

/// <summary>
/// A school's working days: Monday to Friday, less England and Wales bank holidays and the
/// school's own closure days. All deadlines are counted on it, in Europe/London time: statutory ones on
/// <see cref="EnglandAndWales"/>, which has no closure days, the school's own waits on its settings' calendar.
/// </summary>
/// <remarks>
/// How a deadline is read: "N working days from an instant T" ends at the end of the N-th working
/// day after the London calendar day of T. A report on Monday 10:00 with a 1-day deadline is due by
/// the end of Tuesday; a report on Friday evening, Saturday or a bank holiday is due by the end of
/// the next working day after it. "Same day" ends at the end of the London day of T, working day or
/// not, because R6 says "immediately". "End of day" is the instant the next London day starts:
/// a deadline is overdue from that instant on, which avoids 23:59:59.999 arithmetic.
/// </remarks>
public sealed class WorkingDayCalendar(IEnumerable<DateOnly> schoolClosures)
{
    // Resolved from the IANA database the OS ships; the service image must include tzdata.
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private readonly HashSet<DateOnly> closures = [.. schoolClosures];

    /// <summary>The statutory calendar: weekends and bank holidays, no school closures.</summary>
    public static WorkingDayCalendar EnglandAndWales { get; } = new([]);

    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !BankHolidays.IsBankHoliday(day)
        && !closures.Contains(day);

    /// <summary>An instant as a clock in London reads it.</summary>
    public static DateTimeOffset InLondon(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, London);

    /// <summary>The London calendar day an instant falls on.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);

    /// <summary>The end of the London day of <paramref name="instant"/> (a "same day" deadline).</summary>
    public static DateTimeOffset EndOfDay(DateTimeOffset instant) => EndOf(LocalDate(instant));

    /// <summary>The end of the <paramref name="workingDays"/>-th working day after the day of <paramref name="from"/>.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = LocalDate(from);
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }
        return EndOf(day);
    }

    /// <summary>The start of a London calendar day.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => EndOf(day.AddDays(-1));

    // Midnight never falls in a UK clock change (they happen at 01:00 and 02:00), so the offset is unambiguous.
    private static DateTimeOffset EndOf(DateOnly day)
    {
        var nextMidnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(nextMidnight, London.GetUtcOffset(nextMidnight));
    }
}
