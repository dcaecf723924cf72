using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>Next steps first (ADR 30): what the rules expect of the DSL now are the primary buttons; the rest wait under "Other actions".</summary>
[Collection(ConsoleSuite.Name)]
public sealed class NextStepsTests(ConsoleFixture app)
{
    [Fact]
    public async Task R2_triage_is_the_dsls_next_step_and_once_done_is_offered_again_only_as_change_risk_level()
    {
        var id = await app.ReportConcernAsync("Unkind messages in a class group chat.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");

        var next = dsl.GetByTestId("next-steps");
        var others = dsl.GetByTestId("other-actions");
        await Expect(next.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Triage"]);
        await Expect(next.GetByRole(AriaRole.Button, new() { Name = "Triage" })).ToHaveClassAsync("primary");
        await Expect(others.GetByRole(AriaRole.Button, new() { Name = "Add note", Exact = true })).ToBeVisibleAsync();
        await Expect(others.GetByRole(AriaRole.Button, new() { Name = "Triage", Exact = true })).ToHaveCountAsync(0);
        await Expect(dsl.GetByRole(AriaRole.Button, new() { Name = "Escalate to DSL" })).ToHaveCountAsync(0);
        await dsl.ShotAsync("next-steps-01-new-concern");

        await dsl.ActAsync("triage", "Triage", ("risk", "medium"), ("rationale", "Repeated messages; no adult involved."));
        await Expect(dsl.GetByTestId("case-message")).ToHaveTextAsync("Triage: done.");

        await Expect(dsl.GetByTestId("next-steps")).ToHaveCountAsync(0);
        await Expect(dsl.GetByRole(AriaRole.Button, new() { Name = "Triage", Exact = true })).ToHaveCountAsync(0);
        await Expect(dsl.GetByTestId("other-actions").GetByRole(AriaRole.Button, new() { Name = "Change risk level", Exact = true })).ToBeVisibleAsync();
        await Expect(dsl.GetByTestId("case-header")).ToContainTextAsync("Medium risk");
        await dsl.ShotAsync("next-steps-02-triaged");
    }

    [Fact]
    public async Task R15_after_a_referral_the_dsl_sees_what_they_wait_for_and_the_acknowledgement_names_only_that_agency()
    {
        var id = await app.ReportConcernAsync("Bruises she would not explain.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await dsl.ActAsync("refer-to-social-care", "Refer to children's social care", ("summary", "Unexplained bruising."), ("occurredAt", ConsoleSteps.Now), ("reference", "MASH-2"));
        await Expect(dsl.GetByTestId("case-message")).ToContainTextAsync("done.");

        await Expect(dsl.GetByTestId("waiting-for")).ToContainTextAsync("children's social care's acknowledgement");
        await dsl.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Record referral acknowledgement", Exact = true }).ClickAsync();
        await Expect(dsl.Locator("#action-record-referral-acknowledgement-by option")).ToHaveTextAsync(["Choose…", "Children's social care"]);
    }
}
