using Casework.Cases;

namespace Casework.Tests.Cases;

/// <summary>ADR 35: the UK State Pension age, an allegation's "normal retirement age", from the date of birth.</summary>
public class StatePensionAgeTests
{
    [Theory]
    [InlineData("1954-10-06", "2020-10-06")]
    [InlineData("1958-02-14", "2024-02-14")]
    [InlineData("1960-04-05", "2026-04-05")]
    public void Pensions_Act_2011_births_from_6_October_1954_to_5_April_1960_reach_it_at_66(string born, string reached) =>
        Assert.Equal(DateOnly.Parse(reached), StatePensionAge.ReachedOn(DateOnly.Parse(born)));

    [Theory]
    [InlineData("1960-04-06", "2026-05-06")] // 66 and 1 month
    [InlineData("1960-05-05", "2026-06-05")] // still 66 and 1 month: the month runs from the 6th to the 5th
    [InlineData("1960-05-06", "2026-07-06")] // 66 and 2 months
    [InlineData("1960-12-25", "2027-09-25")] // 66 and 9 months
    [InlineData("1961-03-05", "2028-02-05")] // 66 and 11 months
    public void Pensions_Act_2014_births_from_6_April_1960_to_5_March_1961_reach_it_at_66_and_a_month_for_each_month_of_birth(string born, string reached) =>
        Assert.Equal(DateOnly.Parse(reached), StatePensionAge.ReachedOn(DateOnly.Parse(born)));

    [Theory]
    [InlineData("1961-03-06", "2028-03-06")]
    [InlineData("1970-01-01", "2037-01-01")]
    [InlineData("1977-04-05", "2044-04-05")]
    public void Pensions_Act_2014_births_from_6_March_1961_to_5_April_1977_reach_it_at_67(string born, string reached) =>
        Assert.Equal(DateOnly.Parse(reached), StatePensionAge.ReachedOn(DateOnly.Parse(born)));

    [Theory]
    [InlineData("1977-04-06", "2044-05-06")]
    [InlineData("1977-05-05", "2044-05-06")]
    [InlineData("1977-05-06", "2044-07-06")]
    [InlineData("1978-04-05", "2046-03-06")]
    public void Pensions_Act_2007_births_from_6_April_1977_to_5_April_1978_reach_it_on_the_scheduled_day(string born, string reached) =>
        Assert.Equal(DateOnly.Parse(reached), StatePensionAge.ReachedOn(DateOnly.Parse(born)));

    [Theory]
    [InlineData("1978-04-06", "2046-04-06")]
    [InlineData("1990-02-28", "2058-02-28")]
    public void Pensions_Act_2007_births_after_5_April_1978_reach_it_at_68(string born, string reached) =>
        Assert.Equal(DateOnly.Parse(reached), StatePensionAge.ReachedOn(DateOnly.Parse(born)));

    [Fact]
    public void Births_before_6_October_1954_are_given_no_earlier_than_the_true_day_and_all_are_past() =>
        Assert.True(StatePensionAge.ReachedOn(new DateOnly(1954, 10, 5)) <= new DateOnly(2020, 10, 6));
}
