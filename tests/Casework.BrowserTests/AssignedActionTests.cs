using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Issue 15: "assigned actions go nowhere, and Complete action asks for a GUID the console never displays". The DSL
/// assigns an action by choosing a person; the assignee finds it under "Your actions" on Today, opens it, sees that
/// action and nothing else of the case, and completes it by choosing it by what it asks.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class AssignedActionTests(ConsoleFixture app)
{
    [Fact]
    public async Task The_assignee_finds_the_action_on_Today_and_completes_it_by_what_it_asks_never_by_an_id()
    {
        var id = await app.ReportConcernAsync("Amira says an older pupil keeps messaging her at night.");

        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await dsl.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Assign action", Exact = true }).ClickAsync();
        await dsl.PickAsync("action-assign-action-assigneeId", "Hari", "Hari Head");
        await dsl.Locator("#action-assign-action-what").FillAsync("Speak to the older pupil's parents this week.");
        await dsl.Locator("#action-assign-action-dueOn").FillAsync(DateTime.UtcNow.AddDays(7).ToString("dd/MM/yyyy"));
        await dsl.GetByTestId("action-assign-action").Locator("button[type=submit]").ClickAsync();
        await Expect(dsl.GetByTestId("open-actions")).ToContainTextAsync("Speak to the older pupil's parents this week. – assigned to Hari Head");

        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher);
        var mine = head.GetByTestId("my-actions");
        await Expect(mine).ToContainTextAsync("Speak to the older pupil's parents this week.");
        await head.ShotAsync("50-head-sees-the-action-assigned");
        await mine.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(head.GetByTestId("assigned-only")).ToBeVisibleAsync();
        await Expect(head.GetByTestId("timeline")).ToHaveCountAsync(0);
        await Expect(head.GetByText("Amira says an older pupil")).ToHaveCountAsync(0);
        await head.GetByTestId("next-steps").GetByRole(AriaRole.Button, new() { Name = "Complete action", Exact = true }).ClickAsync();
        await head.GetByLabel("Which action").SelectOptionAsync(new SelectOptionValue { Label = "Speak to the older pupil's parents this week." });
        await head.Locator("#action-complete-action-outcome").FillAsync("Met both parents on Tuesday; they will supervise his phone.");
        await head.GetByTestId("action-complete-action").Locator("button[type=submit]").ClickAsync();
        await head.ShotAsync("51-head-completes-the-action");
        // Done, they see nothing more of the case; the DSL's case shows no open action and the timeline says who did it.
        await Expect(head.GetByTestId("cannot-see")).ToBeVisibleAsync();
        await dsl.ReloadAsync();
        await Expect(dsl.GetByTestId("open-actions")).ToHaveCountAsync(0);
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Met both parents on Tuesday");
    }
}
