using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Issue 15's measure of the console: a concern's whole life, from the teacher's report to the DSL closing it, counted in
/// clicks as a mouse user makes them (a click into each field typed, two to choose from a list), against the walk's
/// figure of about 30, no more than CPOMS. The counts are written to artifacts/screenshots/clicks.txt.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class ClicksTests(ConsoleFixture app, ITestOutputHelper output)
{
    /// <summary>Each step a user takes, counted as they take it.</summary>
    private sealed class Tally
    {
        public int Clicks { get; private set; }

        public Task Click(ILocator target)
        {
            Clicks++;
            return target.ClickAsync();
        }

        /// <summary>A click into the field, then the typing.</summary>
        public Task Type(ILocator field, string text)
        {
            Clicks++;
            return field.FillAsync(text);
        }

        /// <summary>A closed list: one click opens it, one chooses.</summary>
        public Task Choose(ILocator list, string value)
        {
            Clicks += 2;
            return list.SelectOptionAsync(value);
        }
    }

    [Fact]
    public async Task A_concerns_whole_life_from_the_teachers_report_to_the_DSL_closing_it_takes_no_more_than_30_clicks()
    {
        var report = new Tally();
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher);
        await report.Click(teacher.GetByRole(AriaRole.Link, new() { Name = "Report a concern, a disclosure, an allegation or a parent's breach" }));
        await report.Click(teacher.GetByRole(AriaRole.Link, new() { Name = "A concern about a pupil" }));
        await report.Type(teacher.Locator("#report-pupils-0-pupilId"), "Ami");
        await report.Click(teacher.GetByRole(AriaRole.Button, new() { Name = "Choose Amira Khan (Year 8)" }));
        await report.Choose(teacher.Locator("#report-pupils-0-role"), "victim");
        await report.Choose(teacher.Locator("#report-category"), "cyberbullying");
        await report.Type(teacher.Locator("#report-account"), "Messages in a group chat telling her nobody wants her here.");
        await report.Click(teacher.Locator("#report-occurredAt-now"));
        await report.Click(teacher.GetByRole(AriaRole.Button, new() { Name = "Send the report" }));
        await Expect(teacher.GetByTestId("case-message")).ToContainTextAsync("Your report was sent");
        var id = teacher.CaseIdIn();

        var manage = new Tally();
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl);
        await manage.Click(dsl.GetByTestId("dsl-queue").Locator($"a[href='cases/{id}']"));
        await Step(dsl, manage, "triage", "Triage", ("risk", "medium"), ("rationale", "Sustained unkindness; parents to be told."));
        await Step(dsl, manage, "refer-to-social-care", "Refer to children's social care", ("summary", "Sustained bullying; worries about home."),
            ("occurredAt", ConsoleSteps.Now));
        // The one agency awaiting acknowledgement is chosen already, not asked for.
        await manage.Click(dsl.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Record referral acknowledgement", Exact = true }));
        await Expect(dsl.Locator("#action-record-referral-acknowledgement-by")).ToHaveValueAsync("childrens-social-care");
        await manage.Click(dsl.Locator("#action-record-referral-acknowledgement-occurredAt-now"));
        await manage.Click(dsl.GetByTestId("action-record-referral-acknowledgement").Locator("button[type=submit]"));
        await Expect(dsl.GetByTestId("case-message")).ToHaveTextAsync("Record referral acknowledgement: done.");
        await Step(dsl, manage, "close", "Close", ("summary", "Support in place; social care took the lead."),
            ("rationale", "Social care acknowledged and are leading; the school's part is done."));
        await Expect(dsl.GetByTestId("case-header")).ToContainTextAsync("Closed");
        await dsl.ShotAsync("80-the-concern-closed-counted-in-clicks");

        var said = $"{DateTimeOffset.UtcNow:yyyy-MM-dd}: a teacher reports a concern: {report.Clicks} clicks; the DSL triages it, refers it to "
            + $"children's social care, records the acknowledgement and closes it: {manage.Clicks} clicks; {report.Clicks + manage.Clicks} in all.";
        output.WriteLine(said);
        await File.WriteAllTextAsync(Path.Combine(ConsoleFixture.Screenshots, "clicks.txt"), said + Environment.NewLine);
        Assert.True(report.Clicks + manage.Clicks <= 30, said);
    }

    /// <summary>Opens an action by its button, fills its fields (Now for a time just past), sends it and waits for "done".</summary>
    private static async Task Step(IPage page, Tally tally, string action, string button, params (string Field, string Value)[] values)
    {
        await tally.Click(page.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = button, Exact = true }));
        var form = page.GetByTestId($"action-{action}");
        foreach (var (field, value) in values)
        {
            var input = form.Locator($"#action-{action}-{field}");
            if (value == ConsoleSteps.Now)
            {
                await tally.Click(form.Locator($"#action-{action}-{field}-now"));
            }
            else if (await input.EvaluateAsync<string>("e => e.tagName") == "SELECT")
            {
                await tally.Choose(input, value);
            }
            else
            {
                await tally.Type(input, value);
            }
        }
        await tally.Click(form.Locator("button[type=submit]"));
        await Expect(page.GetByTestId("case-message")).ToHaveTextAsync($"{button}: done.");
    }
}
