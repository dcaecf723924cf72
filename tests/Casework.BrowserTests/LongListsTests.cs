using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Find every case (issue 15, item 1): a list is never cut at its first page. Today's referrals awaiting acknowledgement
/// (R15) come from a register of their own, so this week's show whatever acknowledged referrals came before them, and a
/// list longer than its page offers "Show more".
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class LongListsTests(ConsoleFixture app)
{
    private const int Referrals = 51; // one more than a Today list's page

    [Fact]
    public async Task R15_a_referral_awaiting_acknowledgement_past_the_first_page_is_reached_by_show_more_on_Today_and_is_on_its_register()
    {
        // A pupil of their own, so that no other test's chronology or lists are about these cases.
        var pupil = Guid.NewGuid();
        using (var admin = await app.ApiClientAsync(ConsoleFixture.Admin))
        {
            (await admin.PutAsJsonAsync($"api/directory/pupils/{pupil}", new { name = "Noor Pagewell", dateOfBirth = "2014-05-01", yearGroup = 7 })).EnsureSuccessStatusCode();
        }
        using var teacher = await app.ApiClientAsync(ConsoleFixture.Teacher);
        using var dslApi = await app.ApiClientAsync(ConsoleFixture.Dsl);
        var referred = new List<Guid>();
        try
        {
            for (var i = 0; i < Referrals; i++)
            {
                var sent = await teacher.PostAsJsonAsync("api/concerns", new
                {
                    pupils = new[] { new { pupilId = pupil, role = "victim" } },
                    category = "neglect",
                    account = $"Came in hungry again, day {i + 1}.",
                    occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
                });
                sent.EnsureSuccessStatusCode();
                var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                await dslApi.ActOverApiAsync(id, "triage", 1, new { risk = "medium", rationale = "Hunger reported on several days." });
                await dslApi.ActOverApiAsync(id, "refer-to-social-care", 2, new { summary = "Referred to the MASH by phone.", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-30) });
                referred.Add(id);
            }
            var last = referred[^1];

            var dsl = await app.NewPageAsync();
            await dsl.SignInAsync(ConsoleFixture.Dsl);
            var awaiting = dsl.GetByTestId("awaiting-acknowledgement");
            await Expect(awaiting.Locator("tbody tr")).ToHaveCountAsync(50);
            await Expect(awaiting.Locator($"a[href='cases/{last}']")).ToHaveCountAsync(0);
            await dsl.GetByTestId("awaiting-acknowledgement-more").ClickAsync();
            var row = awaiting.Locator("tr", new() { Has = dsl.Locator($"a[href='cases/{last}']") });
            await Expect(row).ToContainTextAsync("Noor Pagewell");
            await Expect(row).ToContainTextAsync("acknowledgement awaited");
            await dsl.ShotAsync("75-dsl-today-show-more-referrals");

            await dsl.GetByRole(AriaRole.Link, new() { Name = "Registers", Exact = true }).ClickAsync();
            await dsl.GetByRole(AriaRole.Link, new() { Name = "Referrals to children's social care awaiting acknowledgement" }).ClickAsync();
            await Expect(dsl.GetByTestId("register").Locator("li", new() { Has = dsl.Locator($"a[href='cases/{last}']") })).ToContainTextAsync("Noor Pagewell");
        }
        finally
        {
            // Acknowledged, so that no later test finds a Today list longer than its page.
            foreach (var id in referred)
            {
                await dslApi.ActOverApiAsync(id, "record-referral-acknowledgement", 3,
                    new { by = "childrens-social-care", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-10) });
            }
        }
    }
}
