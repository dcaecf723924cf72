using System.Collections.Concurrent;
using System.Collections.Frozen;
using PublicHoliday;

namespace Casework.Calendar;

/// <summary>
/// England and Wales bank holidays, from the PublicHoliday package's rules (Easter, the first and last Mondays of May
/// and August, Christmas and New Year with their substitute days), so the calendar never runs out. The dates are
/// checked against gov.uk's for 2025–2027 in a test; a one-off holiday (a coronation, a jubilee) needs a package update.
/// </summary>
public static class BankHolidays
{
    private static readonly UKBankHoliday England = new(UKBankHoliday.UkCountries.England);

    // Worked out once per year: every deadline of every case document written counts working days.
    private static readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> Years = new();

    public static IReadOnlySet<DateOnly> In(int year) =>
        Years.GetOrAdd(year, y => England.PublicHolidays(y).Select(DateOnly.FromDateTime).ToFrozenSet());

    public static bool IsBankHoliday(DateOnly day) => In(day.Year).Contains(day);
}
