using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Issue 18 item 6, R8 and KCSIE Part 4: the head, as case manager of an allegation found malicious whose subject declined to
/// keep it, takes the erasure decision in the console: the console says it cannot be undone, refuses it unconfirmed, and
/// once confirmed shows the case as erased, by whom and why, with the earlier export whose recipients must be told.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class ErasureDecisionTests(ConsoleFixture app)
{
    [Fact]
    public async Task R8_the_head_erases_a_closed_malicious_allegation_only_once_confirmed_and_the_case_then_reads_erased()
    {
        var id = await app.ReportAllegationAsync("A parent says Tom pushed her son against the lockers.", hoursAgo: 30);
        using (var headApi = await app.ApiClientAsync(ConsoleFixture.Headteacher))
        {
            await headApi.ActOverApiAsync(id, "assess-harm-threshold", 2, new { limbsMet = Array.Empty<string>(), rationale = "CCTV shows no contact." });
            var export = await headApi.GetAsync($"api/cases/{id}/timeline?format=csv&sharedWith=HR&why=Advice%20on%20the%20allegation");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            await headApi.ActOverApiAsync(id, "record-outcome", 4, new { outcome = "malicious", rationale = "The parent admitted inventing it." });
            await headApi.ActOverApiAsync(id, "record-subject-consent", 5, new { occurredAt = DateTimeOffset.UtcNow.AddHours(-1), notes = "Tom asked that nothing be kept.", consents = false });
            await headApi.ActOverApiAsync(id, "record-decision", 6, new { decision = "no-further-action", rationale = "Found malicious." });
            await headApi.ActOverApiAsync(id, "close", 7, new { summary = "Concluded: malicious.", rationale = "Found malicious; nothing further." });
        }

        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher, $"cases/{id}");
        await Expect(head.GetByTestId("status")).ToHaveTextAsync("Closed");
        await head.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Erase content", Exact = true }).ClickAsync();
        var form = head.GetByTestId("action-erase-content");
        await Expect(form.GetByLabel("Confirm")).ToBeVisibleAsync();
        // The form says what erasure does in plain words (issue 15: no rule codes or decision records in hints).
        await Expect(form).ToContainTextAsync("Erase a false or malicious allegation for good");
        await Expect(form).Not.ToContainTextAsync("ADR");
        await head.ShotAsync("46-head-decides-erasure");
        await form.Locator("button[type=submit]").ClickAsync();
        // Unconfirmed, nothing is erased: the refusal names the field.
        await Expect(head.Locator("main")).ToContainTextAsync("cannot be undone");
        await Expect(head.GetByTestId("status")).ToHaveTextAsync("Closed");

        await form.GetByLabel("Confirm").CheckAsync();
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(head.Locator("main")).ToContainTextAsync("The content was erased");
        await Expect(head.Locator("main")).ToContainTextAsync("decided by Hari Head");
        // The earlier export, by whom and when (to whom it went is content of the case, erased with it: ADR 34).
        await Expect(head.Locator("main")).ToContainTextAsync("An export made by Hari Head");
        await head.ShotAsync("47-head-sees-allegation-erased");
    }
}
