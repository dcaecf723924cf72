using Casework.Auth;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Find every case (issue 15, item 1) and the words and time a DSL uses (item 5): lists of open and closed cases naming
/// the people with risk and next deadline, the registers, a pupil's chronology; deadlines said as the school day they
/// end, dates typed and shown the UK's way whatever the browser's locale, and the case's risk, category and status in its header.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class FindingCasesTests(ConsoleFixture app)
{
    [Fact]
    public async Task A_triaged_case_stays_findable_in_open_cases_with_its_people_and_risk_and_a_closed_case_in_closed_cases()
    {
        var triaged = await app.ReportConcernAsync("High-risk disclosure after triage.");
        var closed = await app.ReportConcernAsync("Resolved name-calling.");
        using (var dslApi = await app.ApiClientAsync(ConsoleFixture.Dsl))
        {
            await dslApi.ActOverApiAsync(triaged, "triage", 1, new { risk = "high", rationale = "Told us she is afraid." });
            await dslApi.ActOverApiAsync(closed, "triage", 1, new { risk = "low", rationale = "One-off." });
            await dslApi.ActOverApiAsync(closed, "close", 2, new { summary = "Resolved.", rationale = "Parents met; it stopped." });
        }

        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl);
        // Triaged, it left the DSL queue but not Today: it is among the open cases, named, with its risk.
        var onToday = await dsl.RowOfAsync("open-cases", triaged);
        await Expect(onToday).ToContainTextAsync("Amira Khan");
        await Expect(onToday).ToContainTextAsync("High");
        await Expect(dsl.GetByTestId("dsl-queue").Locator($"a[href='cases/{triaged}']")).ToHaveCountAsync(0);
        await dsl.GetByRole(AriaRole.Link, new() { Name = "Cases", Exact = true }).ClickAsync();
        var row = dsl.GetByTestId("open-cases").Locator("tr", new() { Has = dsl.Locator($"a[href='cases/{triaged}']") });
        await Expect(row).ToContainTextAsync("Amira Khan");
        await Expect(row).ToContainTextAsync("High");
        await Expect(dsl.GetByTestId("open-cases").Locator($"a[href='cases/{closed}']")).ToHaveCountAsync(0);
        await dsl.ShotAsync("30-open-cases");

        await dsl.GetByRole(AriaRole.Link, new() { Name = "Closed cases" }).ClickAsync();
        var closedRow = dsl.GetByTestId("closed-cases").Locator("tr", new() { Has = dsl.Locator($"a[href='cases/{closed}']") });
        await Expect(closedRow).ToContainTextAsync("Amira Khan");
        await Expect(closedRow).ToContainTextAsync("Low");
        await dsl.ShotAsync("31-closed-cases");
    }

    [Fact]
    public async Task The_DSL_reads_a_register_and_a_pupils_chronology_from_the_case()
    {
        var id = await app.ReportConcernAsync("Left out of a group chat on purpose.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl);
        await dsl.GetByRole(AriaRole.Link, new() { Name = "Registers", Exact = true }).ClickAsync();
        await dsl.GetByRole(AriaRole.Link, new() { Name = "The DSL queue" }).ClickAsync();
        var entry = dsl.GetByTestId("register").Locator("li", new() { Has = dsl.Locator($"a[href='cases/{id}']") });
        await Expect(entry).ToContainTextAsync("Amira Khan");
        await dsl.ShotAsync("32-register-dsl-queue");

        await entry.Locator($"a[href='cases/{id}']").ClickAsync();
        await dsl.GetByTestId("pupils").GetByRole(AriaRole.Link, new() { Name = "Amira Khan" }).ClickAsync();
        await Expect(dsl.Locator("h1")).ToHaveTextAsync("Amira Khan");
        await Expect(dsl.GetByTestId("chronology")).ToContainTextAsync("Left out of a group chat on purpose.");
        await dsl.ShotAsync("33-pupil-chronology");
    }

    [Fact]
    public async Task Each_role_is_offered_only_the_registers_it_may_read_and_a_registers_free_text_reads_as_it_was_written()
    {
        var id = await app.ReportAllegationAsync("Amira says Mr Teacher grabbed her arm in P.E. on Tuesday.", hoursAgo: 30);
        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher, "registers");
        var offered = head.GetByTestId("registers");
        await Expect(offered.GetByRole(AriaRole.Link, new() { Name = "Allegations against staff" })).ToBeVisibleAsync();
        await Expect(offered.GetByRole(AriaRole.Link, new() { Name = "The DSL queue" })).ToHaveCountAsync(0);
        await offered.GetByRole(AriaRole.Link, new() { Name = "Allegations against staff" }).ClickAsync();
        var entry = head.GetByTestId("register").Locator("li", new() { Has = head.Locator($"a[href='cases/{id}']") });
        // What the reporter wrote, never re-cased as if it were one of the API's names ("mr teacher", "p e.").
        await Expect(entry).ToContainTextAsync("Amira says Mr Teacher grabbed her arm in P.E. on Tuesday.");
        await Expect(entry.Locator($"a[href='cases/{id}']")).ToHaveTextAsync("Allegation against staff");
        await head.ShotAsync("36-head-reads-the-allegations-register");

        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, "registers");
        await Expect(dsl.GetByTestId("registers").GetByRole(AriaRole.Link, new() { Name = "The DSL queue" })).ToBeVisibleAsync();
        await Expect(dsl.GetByTestId("registers").GetByRole(AriaRole.Link, new() { Name = "Allegations against staff" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Anyone_who_may_report_finds_their_reports_on_Today_and_a_reporter_outside_the_directory_is_named_as_they_signed_in()
    {
        var lee = DevelopmentSignIn.Users.Single(u => u.Name == "Lee Liaison").Id;
        var byChair = await ReportAsAsync(ConsoleFixture.Chair, "Seen crying at the gate after school.");
        var byLee = await ReportAsAsync(lee, "Told at a strategy meeting that she is afraid of an older pupil.");

        var chair = await app.NewPageAsync();
        await chair.SignInAsync(ConsoleFixture.Chair);
        await Expect(await chair.RowOfAsync("my-reports", byChair)).ToContainTextAsync("Amira Khan");

        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{byLee}");
        // The LADO liaison is not in the school's directory: named as the timeline names them, from their sign-in.
        await Expect(dsl.Locator("dl.facts")).ToContainTextAsync("by Lee Liaison");
        await Expect(dsl.Locator("dl.facts")).Not.ToContainTextAsync("someone not in the directory");
    }

    [Fact]
    public async Task An_allegations_police_referral_form_says_the_rule_that_applies_to_allegations_before_the_threshold()
    {
        var id = await app.ReportAllegationAsync("Grabbed a pupil's arm in the corridor.", hoursAgo: 2);
        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher, $"cases/{id}");
        await head.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Refer to police", Exact = true }).ClickAsync();
        await Expect(head.GetByTestId("action-refer-to-police")).ToContainTextAsync("on an allegation before the harm threshold is assessed only for an immediate risk of harm");
        await Expect(head.GetByTestId("action-refer-to-police")).Not.ToContainTextAsync("cyberbullied");
    }

    private async Task<Guid> ReportAsAsync(Guid reporter, string account)
    {
        using var client = await app.ApiClientAsync(reporter);
        var sent = await client.PostAsJsonAsync("api/concerns", new
        {
            pupils = new[] { new { pupilId = ConsoleFixture.Amira, role = "victim" } }, category = "emotional-abuse", account,
            occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
        });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        return (await sent.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task In_a_browser_set_to_US_English_in_New_York_deadlines_read_as_the_London_school_day_and_dates_are_typed_the_UK_way()
    {
        var id = await app.ReportConcernAsync("Upsetting messages on a gaming platform.");
        using (var dslApi = await app.ApiClientAsync(ConsoleFixture.Dsl))
        {
            await dslApi.ActOverApiAsync(id, "triage", 1, new { risk = "high", rationale = "Repeated, and at night." });
        }
        var dsl = await app.NewPageAsync(locale: "en-US", timezone: "America/New_York");
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");

        var header = dsl.GetByTestId("case-header");
        await Expect(header).ToContainTextAsync("Open");
        await Expect(header).ToContainTextAsync("High risk");
        await Expect(header).ToContainTextAsync("Cyberbullying");

        // The DSL's triage deadline: the exclusive instant the API gives is midnight after the last school day allowed.
        using var api = await app.ApiClientAsync(ConsoleFixture.Dsl);
        var view = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/cases/{id}");
        var due = view.GetProperty("deadlines").EnumerateArray().First(d => d.GetProperty("name").GetString() == "dsl-triage").GetProperty("due").GetDateTimeOffset();
        var london = TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Equal(TimeSpan.Zero, london.TimeOfDay);
        // The day it ends with is the London day before the exclusive instant; for a deadline in working days, a school day.
        var day = london.Date.AddDays(-1);
        Assert.True(day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        await Expect(dsl.GetByTestId("deadlines")).ToContainTextAsync($"DSL triage: by the end of {day.ToString("dddd d MMMM", CultureInfo.InvariantCulture)}");
        await Expect(dsl.GetByTestId("deadlines")).Not.ToContainTextAsync("00:00");

        // A form's date is typed day/month/year in London time, not in the browser's locale or zone.
        await dsl.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Add note", Exact = true }).ClickAsync();
        await dsl.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Refer to police", Exact = true }).ClickAsync();
        var occurred = dsl.Locator("#action-refer-to-police-occurredAt");
        await Expect(occurred).ToHaveAttributeAsync("type", "text");
        // Nothing is assumed; "Now" fills in the London time, not New York's.
        await Expect(occurred).ToHaveValueAsync("");
        await dsl.Locator("#action-refer-to-police-occurredAt-now").ClickAsync();
        var nowInLondon = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        await Expect(occurred).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"^{nowInLondon:dd/MM/yyyy} \\d{{2}}:\\d{{2}}$"));
        await occurred.FillAsync("31/12/2025 25:00");
        await dsl.Locator("#action-refer-to-police-summary").FillAsync("Reported on 101.");
        await dsl.GetByTestId("action-refer-to-police").Locator("button[type=submit]").ClickAsync();
        await Expect(dsl.Locator("#action-refer-to-police-occurredAt-error")).ToHaveTextAsync("Enter the day and time as day/month/year hours:minutes, e.g. 4/12/2026 14:30.");

        var at = nowInLondon.AddMinutes(-30);
        await occurred.FillAsync(at.ToString("d/M/yyyy HH:mm", CultureInfo.InvariantCulture));
        await dsl.GetByTestId("action-refer-to-police").Locator("button[type=submit]").ClickAsync();
        await Expect(dsl.GetByTestId("case-message")).ToHaveTextAsync("Refer to police: done.");
        // Shown in London time too: the referral happened when it was typed, not five hours off.
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync(at.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture));
        await dsl.ShotAsync("34-us-browser-uk-dates");
    }

    [Fact]
    public async Task The_DSL_searches_by_part_of_a_pupils_name_and_risk_and_finds_the_case_named_with_its_risk()
    {
        var high = await app.ReportConcernAsync("Threats in a chat at night.");
        var low = await app.ReportConcernAsync("A one-off unkind comment.");
        using (var dslApi = await app.ApiClientAsync(ConsoleFixture.Dsl))
        {
            await dslApi.ActOverApiAsync(high, "triage", 1, new { risk = "immediate", rationale = "Threats of harm tonight." });
            await dslApi.ActOverApiAsync(low, "triage", 1, new { risk = "low", rationale = "One-off." });
        }
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, "cases");
        await dsl.GetByRole(AriaRole.Link, new() { Name = "Search cases" }).ClickAsync();
        await dsl.GetByLabel("Name").FillAsync("Ami");
        await dsl.GetByLabel("Risk").SelectOptionAsync("immediate");
        await dsl.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        var row = dsl.GetByTestId("found").Locator("tr", new() { Has = dsl.Locator($"a[href='cases/{high}']") });
        await Expect(row).ToContainTextAsync("Amira Khan");
        await Expect(row).ToContainTextAsync("Immediate");
        await Expect(dsl.GetByTestId("found").Locator($"a[href='cases/{low}']")).ToHaveCountAsync(0);
        await dsl.ShotAsync("35-search-by-name-and-risk");
    }
}
