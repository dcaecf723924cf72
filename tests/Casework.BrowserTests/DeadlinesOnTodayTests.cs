using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Alerts;
using Casework.Calendar;
using Casework.Cases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wolverine;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// The console's service on a clock that stands in a school day's hours in London, so that a deadline in working days
/// can end today whatever day the tests run on; the tests move it on past a deadline.
/// </summary>
public sealed class ConsoleOnASchoolDay : ConsoleFixture
{
    public ConsoleOnASchoolDay() => Clock.AdvanceToSchoolHours();
}

/// <summary>
/// Issue 17, item 5: Today shows the signed-in person their deadlines due today as the morning's reminder said them (the
/// case, its people and risk, what is due, by the end of today), and the deadlines missed (what, when it was due, and
/// to whom it was escalated) to whose they were and to whom they were escalated: through the API and its one sight rule,
/// so never to a teacher. A service of its own, whose clock the test moves past the deadline.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class DeadlinesOnTodayTests(ConsoleOnASchoolDay app) : IClassFixture<ConsoleOnASchoolDay>
{
    private const string School = "clarendon";

    [Fact]
    public async Task A_triage_due_today_is_on_the_DSLs_Today_and_once_its_check_finds_it_missed_on_the_DSLs_and_the_heads_as_escalated_and_never_on_a_teachers()
    {
        // Told on the school day before today: the DSL's triage, one working day, ends today.
        var today = WorkingDayCalendar.LocalDate(app.Clock.GetUtcNow());
        var dayBefore = today.AddDays(-1);
        while (!WorkingDayCalendar.EnglandAndWales.IsWorkingDay(dayBefore))
        {
            dayBefore = dayBefore.AddDays(-1);
        }
        var id = await app.ReportConcernAsync("Amira says an older pupil keeps messaging her late at night.", WorkingDayCalendar.StartOf(dayBefore).AddHours(10));

        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl);
        var dueToday = dsl.GetByTestId("due-today").Locator("tr", new() { Has = dsl.Locator($"a[href='cases/{id}']") });
        await Expect(dueToday).ToContainTextAsync("Amira Khan");
        await Expect(dueToday).ToContainTextAsync("DSL triage");
        await Expect(dueToday).ToContainTextAsync("Not yet triaged");
        await Expect(dueToday).ToContainTextAsync("by the end of today");
        await Expect(dsl.GetByTestId("overdue").Locator($"a[href='cases/{id}']")).ToHaveCountAsync(0);
        await dsl.ShotAsync("63-dsl-today-a-triage-due-today");

        // The head manages no concern: it is not theirs, nor a case they see.
        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher);
        await Expect(head.GetByTestId("due-today").Or(head.GetByText("Nothing of yours is due today."))).ToBeVisibleAsync();
        await Expect(head.GetByTestId("overdue").Or(head.GetByText("No deadline has been missed."))).ToBeVisibleAsync();
        await Expect(head.Locator($"a[href='cases/{id}']")).ToHaveCountAsync(0);

        // Midnight passes with the triage not done: the check Wolverine scheduled for the due instant runs, and records the miss.
        var due = await TriageDueAsync(id);
        app.Clock.Advance(due - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(5));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(School, new DeadlineCheck(School, id, DeadlineNames.DslTriage, null, due));
        }

        // Signed in on the new day: the DSL whose triage it was, and the head it was escalated to, see what was missed,
        // when it was due and to whom it went.
        var endedOn = $"by the end of {today.ToString("dddd d MMMM", CultureInfo.InvariantCulture)}";
        foreach (var (user, shot) in new[] { (ConsoleFixture.Dsl, "64-dsl-today-the-triage-missed-and-escalated"), (ConsoleFixture.Headteacher, "65-head-today-the-triage-escalated-to-them") })
        {
            var page = await app.NewPageAsync();
            await page.SignInAsync(user);
            var missed = page.GetByTestId("overdue").Locator("tr", new() { Has = page.Locator($"a[href='cases/{id}']") });
            await Expect(missed).ToContainTextAsync("Amira Khan");
            await Expect(missed).ToContainTextAsync("DSL triage: missed");
            await Expect(missed).ToContainTextAsync("escalated to the headteacher");
            await Expect(missed).ToContainTextAsync(endedOn);
            await Expect(page.GetByTestId("due-today").Locator($"a[href='cases/{id}']")).ToHaveCountAsync(0);
            await page.ShotAsync(shot);
        }

        // The case page says the same of the deadline: missed, and to whom it went.
        var casePage = await app.NewPageAsync();
        await casePage.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await Expect(casePage.GetByTestId("deadlines")).ToContainTextAsync("DSL triage");
        await Expect(casePage.GetByTestId("deadlines")).ToContainTextAsync("missed; escalated to the headteacher");

        // The teacher who reported it sees their report, and nothing of its deadlines.
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher);
        await Expect(teacher.GetByTestId("my-reports").Locator($"a[href='cases/{id}']")).ToBeVisibleAsync();
        await Expect(teacher.Locator($"a[href='cases/{id}']")).ToHaveCountAsync(1);
        await Expect(teacher.GetByTestId("due-today")).ToHaveCountAsync(0);
        await Expect(teacher.GetByTestId("overdue")).ToHaveCountAsync(0);
        await Expect(teacher.Locator("main")).Not.ToContainTextAsync("missed");
        await Expect(teacher.Locator("main")).Not.ToContainTextAsync("escalated");
        await teacher.ShotAsync("66-teacher-today-nothing-of-the-deadline");
    }

    // The instant the DSL's triage falls due, as the case view gives it.
    private async Task<DateTimeOffset> TriageDueAsync(Guid id)
    {
        using var api = await app.ApiClientAsync(ConsoleFixture.Dsl);
        var view = await api.GetFromJsonAsync<JsonElement>($"api/cases/{id}");
        return view.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("name").GetString() == DeadlineNames.DslTriage).GetProperty("due").GetDateTimeOffset();
    }
}
