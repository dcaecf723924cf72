using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Reports that go through (issue 15, item 3): optional means optional, and what is missing or refused is said in an
/// error summary that takes the focus and beside the field, never in a browser's bubble.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class ConsoleFormsTests(ConsoleFixture app)
{
    [Fact]
    public async Task A_teacher_reports_a_concern_in_a_private_group_chat_with_a_platform_and_no_url()
    {
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher, "report/concern");
        await teacher.PickAsync("report-pupils-0-pupilId", "Ami", "Amira Khan (Year 8)");
        await teacher.Locator("#report-pupils-0-role").SelectOptionAsync("victim");
        await teacher.Locator("#report-category").SelectOptionAsync("cyberbullying");
        await teacher.Locator("#report-account").FillAsync("Names called in a private WhatsApp group.");
        // When it happened is asked, typed the UK's way: yesterday afternoon.
        var yesterday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).AddDays(-1);
        await teacher.Locator("#report-occurredAt").FillAsync($"{yesterday:d/M/yyyy} 16:30");
        // Only the platform: a private group chat has no web address, and no more needs saying of where.
        await teacher.Locator("#report-where-platform").FillAsync("WhatsApp");
        await teacher.ShotAsync("20-report-with-platform-and-no-url");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();

        await Expect(teacher.GetByTestId("case-message")).ToContainTextAsync("Your report was sent");
    }

    [Fact]
    public async Task What_is_missing_is_listed_in_an_error_summary_that_takes_the_focus_and_beside_each_field()
    {
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher, "report/concern");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();

        var summary = teacher.GetByTestId("error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary).ToContainTextAsync("There is a problem");
        await Expect(summary).ToContainTextAsync("What happened, in your own words: Enter what happened.");
        await Expect(summary).ToContainTextAsync("Category: Choose the category.");
        await Expect(summary).ToContainTextAsync("Pupil: Choose the pupil.");
        // When it happened is asked, never assumed to be the moment the form opened.
        await Expect(summary).ToContainTextAsync("When it happened: Enter when it happened.");
        await Expect(teacher.Locator("#report-occurredAt")).ToHaveValueAsync("");
        await Expect(teacher.Locator("#report-account-error")).ToHaveTextAsync("Enter what happened.");
        await Expect(teacher.Locator("#report-account")).ToHaveAttributeAsync("aria-invalid", "true");
        // Where is optional: nothing of it is asked for until it is begun.
        await Expect(summary).Not.ToContainTextAsync("Where it happened");
        await teacher.ShotAsync("21-report-error-summary");

        // The summary's link takes the user to the field.
        await summary.GetByRole(AriaRole.Link, new() { Name = "What happened, in your own words: Enter what happened." }).ClickAsync();
        await Expect(teacher.Locator("#report-account")).ToBeFocusedAsync();

        // Filled in, with only the platform under where (a private chat has no address), it is sent.
        await teacher.PickAsync("report-pupils-0-pupilId", "Ami", "Amira Khan (Year 8)");
        await teacher.Locator("#report-pupils-0-role").SelectOptionAsync("victim");
        await teacher.Locator("#report-category").SelectOptionAsync("cyberbullying");
        await teacher.Locator("#report-account").FillAsync("Names called in a private WhatsApp group.");
        await teacher.Locator("#report-where-platform").FillAsync("WhatsApp");
        await teacher.Locator("#report-occurredAt-now").ClickAsync();
        await teacher.ShotAsync("22-report-with-only-a-platform");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();
        await Expect(teacher.GetByTestId("case-message")).ToContainTextAsync("Your report was sent");
        await Expect(teacher.GetByTestId("timeline")).ToContainTextAsync("where: WhatsApp");
    }

    [Fact]
    public async Task Every_report_form_labels_its_fields_in_plain_words_never_the_APIs_names_for_them()
    {
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher, "report/concern");
        // The API's names as words, which the walk found on the forms: none may be a label.
        string[] apiNames = ["Url", "Staff victim", "Words as said", "Occurred at", "Received at", "Account", "Subject", "Target staff",
            "Pupil ids", "Disclosed to", "Other pupil", "Parent id", "New subject", "Other children", "Indecent images found"];
        foreach (var (kind, expected) in new[]
                 {
                     ("concern", "Web address (if there is one)"), ("disclosure", "The pupil's words, as they said them"),
                     ("allegation", "The member of staff it is about"), ("parent-breach", "The member of staff it targets (if any)"),
                 })
        {
            await teacher.GotoAsync($"console/report/{kind}");
            var form = teacher.GetByTestId("report");
            await Expect(form.Locator("label, legend").Filter(new() { HasText = expected })).Not.ToHaveCountAsync(0);
            var labels = await form.Locator("label, legend").AllInnerTextsAsync();
            var shown = labels.Select(l => l.Split('\n')[0].Replace("*", "").Replace("(optional)", "").Trim()).ToList();
            Assert.All(shown, label => Assert.DoesNotContain(label, apiNames));
            Assert.Contains("When it happened", shown);
        }
        await teacher.ShotAsync("23-report-labels-in-plain-words");
    }

    [Fact]
    public async Task A_note_is_dated_when_what_it_records_happened_and_the_timeline_says_when_it_was_recorded()
    {
        var id = await app.ReportConcernAsync("Upset after a message at break.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        var rang = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-2), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        await dsl.ActAsync("add-note", "Add note", ("text", "Mum rang: she slept badly and will be in late."),
            ("occurredAt", rang.ToString("d/M/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        await Expect(dsl.GetByTestId("case-message")).ToHaveTextAsync("Add note: done.");
        var note = dsl.GetByTestId("timeline").Locator("li", new() { HasText = "Mum rang" });
        await Expect(note).ToContainTextAsync(rang.ToString("ddd d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(note).ToContainTextAsync("(recorded ");
        await dsl.ShotAsync("24-a-dated-note");
    }
}
