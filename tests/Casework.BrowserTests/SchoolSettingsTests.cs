using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Issue 16, item 6: the school's settings in the console. The DSL proposes a policy pack with the reason; the
/// headteacher reads what it changes, in words, and approves it; the DSL cannot approve their own proposal. The
/// change is dated weeks ahead so that no other browser test runs under it.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class SchoolSettingsTests(ConsoleFixture app)
{
    [Fact]
    public async Task The_DSL_proposes_a_policy_pack_and_the_headteacher_approves_it_reading_what_it_changes_S4()
    {
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl);
        await dsl.GetByRole(AriaRole.Link, new() { Name = "School settings" }).ClickAsync();
        await Expect(dsl.GetByTestId("in-force")).ToContainTextAsync("The default policy");
        await dsl.GetByLabel("Policy pack", new() { Exact = true }).SelectOptionAsync("st-thomas");
        await Expect(dsl.GetByTestId("propose-pack").GetByTestId("differences")).ToContainTextAsync("police and the parents");
        await dsl.GetByLabel("In force from").FillAsync(from);
        await dsl.GetByLabel("Why").FillAsync("The governors adopted St Thomas' model policy.");
        await dsl.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Expect(dsl.GetByTestId("settings-message")).ToContainTextAsync("Proposed");
        // The proposer is told who decides, and is offered no button to approve it.
        await Expect(dsl.GetByTestId("pending")).ToContainTextAsync("not the person who proposed it");
        await Expect(dsl.GetByTestId("pending").GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await dsl.ShotAsync("40-dsl-proposes-a-policy-pack");

        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher, "settings");
        var pending = head.GetByTestId("pending");
        await Expect(pending).ToContainTextAsync("Dana Lead");
        await Expect(pending).ToContainTextAsync("Cyberbullying of a member of staff is always reported to the police");
        await pending.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(head.GetByTestId("settings-message")).ToContainTextAsync("Approved");
        await Expect(head.GetByTestId("versions")).ToContainTextAsync("Version 1");
        await Expect(head.GetByTestId("versions")).ToContainTextAsync("approved by Hari Head");
        // In force from its day, weeks ahead: today the default still applies.
        await Expect(head.GetByTestId("in-force")).ToContainTextAsync("The default policy");
        await head.ShotAsync("41-head-approves-the-policy-pack");

        // A teacher has no settings page.
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher);
        await Expect(teacher.GetByRole(AriaRole.Link, new() { Name = "School settings" })).ToHaveCountAsync(0);
    }
}
