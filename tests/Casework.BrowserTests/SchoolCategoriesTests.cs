using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// S7 in the console: a report offers only the categories the school records. The school's settings change here, from
/// today, so the test has a service and a schema of its own (the suite's shared school keeps the default policy).
/// </summary>
public sealed class SchoolCategoriesTests(ConsoleFixture app) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task S7_the_report_forms_offer_only_the_categories_the_school_records_and_sharing_nudes_and_other_always()
    {
        using (var dsl = await app.ApiClientAsync(ConsoleFixture.Dsl))
        {
            var policy = await dsl.GetFromJsonAsync<JsonObject>("api/school/policy");
            var settings = policy!["default"]!.DeepClone().AsObject();
            settings["name"] = "Clarendon categories";
            settings["categories"] = new JsonArray("neglect", "cyberbullying", "sharing-nudes", "other");
            var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("yyyy-MM-dd");
            var proposed = await dsl.PostAsJsonAsync("api/school/policy/proposals", new { settings, effectiveFrom = today, reason = "The categories our governors chose." });
            Assert.True(proposed.IsSuccessStatusCode, await proposed.Content.ReadAsStringAsync());
            var pending = (await proposed.Content.ReadFromJsonAsync<JsonObject>())!["pending"]!.AsArray().Single()!["proposalId"]!.GetValue<Guid>();
            using var head = await app.ApiClientAsync(ConsoleFixture.Headteacher);
            var approved = await head.PostAsJsonAsync($"api/school/policy/proposals/{pending}/approve", new { comment = "Approved by the governors." });
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }

        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher, "report/concern");
        await Expect(teacher.Locator("#report-category option")).ToHaveTextAsync(["Choose…", "Cyberbullying", "Sharing nudes", "Neglect", "Other"]);
        await teacher.ShotAsync("42-report-offers-the-schools-categories");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "What a pupil disclosed" }).ClickAsync();
        await Expect(teacher.Locator("#report-category option")).ToHaveTextAsync(["Choose…", "Cyberbullying", "Sharing nudes", "Neglect", "Other"]);
    }
}
