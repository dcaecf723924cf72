using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Casework.Auth;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Issue 18 item 6: the auditor verifies the school's sealed chain in the console, exports a signed checkpoint, and
/// verifies against a checkpoint file they upload; a checkpoint that was altered fails, in words.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class VerifyTests(ConsoleFixture app)
{
    private static readonly Guid Auditor = DevelopmentSignIn.Users.Single(u => u.Name == "Aud Auditor").Id;

    [Fact]
    public async Task The_auditor_verifies_the_chain_exports_a_checkpoint_and_verifies_against_it_and_an_altered_one_fails()
    {
        await app.ReportConcernAsync("Amira says a pupil took her phone and read her messages.");
        var page = await app.NewPageAsync();
        await page.SignInAsync(Auditor);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Verify" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the school's record" }).ClickAsync();
        await Expect(page.GetByTestId("verify-verdict")).ToContainTextAsync("The record is intact");
        await page.ShotAsync("70-auditor-verifies-the-record");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export the checkpoint" }).ClickAsync());
        var exported = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.json");
        await download.SaveAsAsync(exported);
        var checkpoint = JsonNode.Parse(await File.ReadAllTextAsync(exported))!;
        Assert.NotNull(checkpoint["checkpoint"]?["signature"]);
        Assert.NotNull(checkpoint["publicKey"]);

        await page.Locator("#checkpoint-file").SetInputFilesAsync(exported);
        await Expect(page.GetByTestId("checkpoint-verdict")).ToHaveTextAsync("The checkpoint holds: the chain is the one that was signed.");
        await page.ShotAsync("71-auditor-verifies-against-the-checkpoint");

        // A checkpoint whose chain hash was changed is no longer the service's signature.
        checkpoint["checkpoint"]!["chainHash"] = new string('0', 64);
        var altered = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(altered, checkpoint.ToJsonString());
        await page.Locator("#checkpoint-file").SetInputFilesAsync(altered);
        await Expect(page.GetByTestId("checkpoint-verdict")).ToHaveTextAsync("The checkpoint does not hold: the record is not the one that was signed.");
        await Expect(page.GetByTestId("findings")).ToContainTextAsync("The checkpoint");
        await Expect(page.GetByTestId("verify-verdict")).ToContainTextAsync("The record is not intact");
        await page.ShotAsync("72-an-altered-checkpoint-fails");

        // A file that is not a checkpoint is said so, not sent as one.
        var junk = Path.Combine(Path.GetTempPath(), $"junk-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(junk, "not json at all");
        await page.Locator("#checkpoint-file").SetInputFilesAsync(junk);
        await Expect(page.GetByTestId("verify-message")).ToContainTextAsync("This file is not a checkpoint exported from Casework");
    }

    [Fact]
    public async Task The_retention_register_is_listed_with_the_other_registers()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(ConsoleFixture.Dsl, "registers");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Registers" }).GetByRole(AriaRole.Link, new() { Name = "Records due for retention review" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Records due for retention review", Level = 1 })).ToBeVisibleAsync();
        // The service answers it for the DSL: its rows, or that nothing is due, never "not for your role".
        await Expect(page.GetByTestId("register").Or(page.GetByText("Nothing in this register."))).ToBeVisibleAsync();
        await Expect(page.GetByTestId("register-unavailable")).ToHaveCountAsync(0);
        await page.ShotAsync("73-retention-register");
    }

    [Fact]
    public async Task A_legal_hold_is_placed_and_lifted_in_the_console_chosen_by_why_never_by_an_id_and_the_case_says_it_blocks_destruction()
    {
        var id = await app.ReportConcernAsync("Amira says a stranger asked her for photographs online.");

        var page = await app.NewPageAsync();
        await page.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await page.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Place legal hold", Exact = true }).ClickAsync();
        // The hold's id is the service's to pick: the form asks why and the holder's reference only.
        await Expect(page.GetByTestId("action-place-legal-hold").Locator("input, select, textarea")).ToHaveCountAsync(2);
        await page.ActAsync("place-legal-hold", "Place legal hold", ("kind", "police-investigation"), ("reference", "Surrey Police 4471"));
        await Expect(page.GetByTestId("legal-holds")).ToHaveTextAsync("Police investigation: the record is not destroyed while a hold stands");
        await Expect(page.GetByTestId("retention")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("erasure")).ToHaveCountAsync(0);
        await page.ShotAsync("74-case-with-a-legal-hold");

        await page.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Lift legal hold", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Which hold")).ToContainTextAsync("Police investigation");
        await page.ActAsync("lift-legal-hold", "Lift legal hold", ("holdId", "Police investigation"));
        await Expect(page.GetByTestId("legal-holds")).ToHaveTextAsync("None");
    }

    [Fact]
    public async Task R1_an_auditor_is_not_offered_a_report_and_is_told_why_on_its_page()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(Auditor, "report/concern");
        await Expect(page.GetByTestId("may-not-report")).ToContainTextAsync("Auditors read and verify; they do not report.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Report", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send the report" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Only_an_auditor_is_offered_the_verify_page()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(ConsoleFixture.Dsl, "verify");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Verify", Exact = true })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the school's record" }).ClickAsync();
        await Expect(page.GetByTestId("verify-message")).ToHaveTextAsync("Only an auditor verifies the record.");
    }
}
