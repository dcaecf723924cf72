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
        await teacher.Locator("#report-where-description").FillAsync("Private group chat");
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
        await Expect(summary).ToContainTextAsync("Account: Enter the account.");
        await Expect(summary).ToContainTextAsync("Category: Choose the category.");
        await Expect(summary).ToContainTextAsync("Pupil: Choose the pupil.");
        await Expect(teacher.Locator("#report-account-error")).ToHaveTextAsync("Enter the account.");
        await Expect(teacher.Locator("#report-account")).ToHaveAttributeAsync("aria-invalid", "true");
        // Where is optional: nothing of it is asked for until it is begun.
        await Expect(summary).Not.ToContainTextAsync("Description");
        await teacher.ShotAsync("21-report-error-summary");

        // The summary's link takes the user to the field.
        await summary.GetByRole(AriaRole.Link, new() { Name = "Account: Enter the account." }).ClickAsync();
        await Expect(teacher.Locator("#report-account")).ToBeFocusedAsync();

        // A place begun without its description: the description is asked for, beside it.
        await teacher.PickAsync("report-pupils-0-pupilId", "Ami", "Amira Khan (Year 8)");
        await teacher.Locator("#report-pupils-0-role").SelectOptionAsync("victim");
        await teacher.Locator("#report-category").SelectOptionAsync("cyberbullying");
        await teacher.Locator("#report-account").FillAsync("Names called in a private WhatsApp group.");
        await teacher.Locator("#report-where-platform").FillAsync("WhatsApp");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();

        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.Locator("li")).ToHaveCountAsync(1);
        await Expect(summary).ToContainTextAsync("Description: Enter the description.");
        await Expect(teacher.Locator("#report-where-description-error")).ToHaveTextAsync("Enter the description.");
        await Expect(teacher.Locator("#report-account")).ToHaveValueAsync("Names called in a private WhatsApp group.");
        await teacher.ShotAsync("22-report-place-without-description");
    }
}
