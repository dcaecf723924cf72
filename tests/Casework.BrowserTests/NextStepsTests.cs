using System.Text.Json;
using System.Net.Http.Json;
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

    [Fact]
    public async Task R11_a_parents_threat_to_sort_out_a_teacher_offers_the_police_first_and_the_teachers_wishes_once_recorded_are_changed_by_name()
    {
        Guid id;
        using (var teacherApi = await app.ApiClientAsync(ConsoleFixture.Teacher))
        {
            var sent = await teacherApi.PostAsJsonAsync("api/parent-breaches", new
            {
                parentId = Guid.Parse("0c000000-0000-4000-8000-000000000001"), pupilIds = new[] { ConsoleFixture.Amira }, platform = "Facebook",
                whatWasPosted = "I'll be at the gate on Monday to sort him out myself.", flags = new[] { "threatening" },
                targetStaffId = ConsoleFixture.Teacher, occurredAt = DateTimeOffset.UtcNow.AddHours(-3),
            });
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
            id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher, $"cases/{id}");
        var next = head.GetByTestId("next-steps");
        await Expect(next.GetByRole(AriaRole.Button, new() { Name = "Refer to police", Exact = true })).ToBeVisibleAsync();
        await Expect(next.GetByRole(AriaRole.Button, new() { Name = "Record victim wishes", Exact = true })).ToBeVisibleAsync();
        await head.ShotAsync("next-steps-03-a-parents-threat");

        // The teacher would rather not involve the police: a threat is still the school's to report.
        await head.ActAsync("record-victim-wishes", "Record victim wishes", ("occurredAt", ConsoleSteps.Now), ("notes", "Would rather it were dealt with quietly."));
        await Expect(head.GetByTestId("case-message")).ToHaveTextAsync("Record victim wishes: done.");
        await Expect(head.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Record changed wishes about the police", Exact = true })).ToBeVisibleAsync();
        await Expect(head.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Record victim wishes", Exact = true })).ToHaveCountAsync(0);
        // The form says what it records, not the rules of other kinds of case ("on an allegation before the harm threshold …").
        await head.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Refer to police", Exact = true }).ClickAsync();
        await Expect(head.GetByTestId("action-refer-to-police")).ToContainTextAsync("Record a referral to the police.");
        await Expect(head.GetByTestId("action-refer-to-police")).Not.ToContainTextAsync("allegation");
        await head.ActAsync("refer-to-police", "Refer to police", ("summary", "Threat to confront a teacher at the school gate."), ("occurredAt", ConsoleSteps.Now));
        await Expect(head.GetByTestId("case-message")).ToHaveTextAsync("Refer to police: done.");
        await Expect(head.GetByTestId("waiting-for")).ToContainTextAsync("the police's acknowledgement");
    }
}
