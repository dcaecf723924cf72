namespace Casework.Cases;

/// <summary>
/// The day someone reaches State Pension age in the UK, from their date of birth: the "normal retirement age" an
/// allegation is kept until (KCSIE Part 4, ADR 35). The schedule in law as at December 2026: Pensions Act 1995 as
/// amended by the Pensions Act 2011 (66 for births from 6 October 1954), the Pensions Act 2014 s.26 (66 and a month for
/// each month of birth from 6 April 1960, 67 for births from 6 March 1961 to 5 April 1977) and the Pensions Act 2007
/// Schedule 3 (fixed days from 6 May 2044 for births from 6 April 1977 to 5 April 1978; 68 after). A change in the law
/// changes this function.
/// </summary>
public static class StatePensionAge
{
    /// <summary>Pensions Act 2007 Schedule 3: births in each month from 6 April 1977 reach pension age on a fixed day.</summary>
    private static readonly DateOnly[] Rising68 =
    [
        new(2044, 5, 6), new(2044, 7, 6), new(2044, 9, 6), new(2044, 11, 6), new(2045, 1, 6), new(2045, 3, 6),
        new(2045, 5, 6), new(2045, 7, 6), new(2045, 9, 6), new(2045, 11, 6), new(2046, 1, 6), new(2046, 3, 6),
    ];

    /// <summary>
    /// The day State Pension age is reached. Births before 6 October 1954 reached it by 6 October 2020 at the latest
    /// (earlier for many, at 60 to 66 by sex and the 1995 and 2011 timetables); their 66th birthday is given, never
    /// earlier than the true day, and every such day is past, so an allegation's 10 years decide.
    /// </summary>
    public static DateOnly ReachedOn(DateOnly born)
    {
        if (born < new DateOnly(1960, 4, 6))
        {
            return born.AddYears(66);
        }
        if (born < new DateOnly(1961, 3, 6))
        {
            // 6 April 1960 to 5 May 1960: 66 and 1 month; one more month for each month of birth after.
            return born.AddYears(66).AddMonths(MonthsFrom(new DateOnly(1960, 4, 6), born) + 1);
        }
        if (born < new DateOnly(1977, 4, 6))
        {
            return born.AddYears(67);
        }
        if (born < new DateOnly(1978, 4, 6))
        {
            return Rising68[MonthsFrom(new DateOnly(1977, 4, 6), born)];
        }
        return born.AddYears(68);
    }

    /// <summary>Whole months of the schedule (each from the 6th to the 5th) between its start and a date of birth.</summary>
    private static int MonthsFrom(DateOnly start, DateOnly born) =>
        (born.Year - start.Year) * 12 + born.Month - start.Month - (born.Day < 6 ? 1 : 0);
}
