using Casework.Alerts;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Issue 17 item 5: the console shows the alerts sent for a case (to whom, when, by which channel, delivered or not)
/// to those who see the case in full, and the administrator's failed deliveries, with their replay, never saying what about.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class AlertsTests(ConsoleFixture app)
{
    [Fact]
    public async Task The_case_page_names_whom_the_case_alerted_for_a_reader_who_sees_it_in_full_and_shows_nothing_to_its_reporter()
    {
        var id = await app.ReportConcernAsync("Amira says a pupil in year 10 waits for her at the bus stop.");
        var raised = DateTimeOffset.UtcNow.AddMinutes(-30);
        await StoreAsync(
            Delivery(id, ConsoleFixture.Dsl, AlertChannel.Email, raised, delivered: raised.AddMinutes(1)),
            Delivery(id, ConsoleFixture.Headteacher, AlertChannel.Webhook, raised, error: "The receiver answered 503.", failed: true));

        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        var alerts = dsl.GetByTestId("alerts-sent");
        await Expect(alerts).ToContainTextAsync("To Dana Lead by e-mail");
        await Expect(alerts.Locator("li", new() { HasText = "Dana Lead" })).ToContainTextAsync("– delivered");
        await Expect(alerts).ToContainTextAsync("To Hari Head by the school's webhook");
        await Expect(alerts).ToContainTextAsync("not delivered after 5 attempts");
        await dsl.ShotAsync("60-dsl-sees-the-alerts-sent-for-the-case");

        // The teacher who reported it sees their own report only: the service refuses them whom it alerted, and the page shows no such section.
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher, $"cases/{id}");
        await Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "Timeline", Exact = true })).ToBeVisibleAsync();
        await Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "Alerts sent" })).ToHaveCountAsync(0);
        await Expect(teacher.GetByTestId("alerts-sent")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_administrator_reads_failed_deliveries_without_what_they_were_about_and_replays_one_saying_why()
    {
        var id = await app.ReportConcernAsync("Amira says someone posted her address in a group chat.");
        var failed = Delivery(id, ConsoleFixture.Chair, AlertChannel.Email, DateTimeOffset.UtcNow.AddHours(-2), error: "The SMTP server refused the sign-in.", failed: true);
        await StoreAsync(failed);

        var admin = await app.NewPageAsync();
        await admin.SignInAsync(ConsoleFixture.Admin);
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Failed alerts" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Failed alerts", Level = 1 })).ToBeVisibleAsync();
        var row = admin.GetByTestId("failed-alerts").Locator("li", new() { HasText = "The SMTP server refused the sign-in." });
        await Expect(row).ToContainTextAsync("Cora Chair");
        await Expect(row).ToContainTextAsync("by e-mail");
        await Expect(row).ToContainTextAsync("after 5 attempts");
        // Never what it was about: no case, no kind, no account.
        await Expect(admin.GetByTestId("failed-alerts")).Not.ToContainTextAsync("address in a group chat");
        await Expect(admin.GetByTestId("failed-alerts")).Not.ToContainTextAsync("Concern");
        await Expect(admin.GetByTestId("failed-alerts").Locator($"a[href*='{id}']")).ToHaveCountAsync(0);
        await admin.ShotAsync("61-admin-reads-the-failed-alerts");

        await row.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send it again" }).ClickAsync();
        await Expect(admin.Locator("#replay-why-error")).ToHaveTextAsync("Say why the alert is sent again.");
        await admin.GetByLabel("Why send it again").FillAsync("The SMTP password was renewed this morning.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send it again" }).ClickAsync();
        await Expect(admin.GetByTestId("failed-alerts-message")).ToContainTextAsync("The alert to Cora Chair by e-mail was sent again");
        await Expect(admin.Locator("li", new() { HasText = "The SMTP server refused the sign-in." })).ToHaveCountAsync(0);
        await admin.ShotAsync("62-admin-replays-a-failed-alert");

        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession("clarendon");
        var replayed = await session.LoadAsync<AlertDelivery>(failed.Id);
        Assert.Equal("The SMTP password was renewed this morning.", replayed!.ReplayedBecause);
        Assert.False(replayed.Failed);
    }

    [Fact]
    public async Task Only_the_administrator_is_offered_the_failed_alerts()
    {
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, "failed-alerts");
        await Expect(dsl.GetByRole(AriaRole.Link, new() { Name = "Failed alerts" })).ToHaveCountAsync(0);
        await Expect(dsl.GetByTestId("failed-alerts-unavailable")).ToHaveTextAsync("Only an administrator reads the failed alerts.");
    }

    private static AlertDelivery Delivery(Guid caseId, Guid to, AlertChannel channel, DateTimeOffset raised,
        DateTimeOffset? delivered = null, string? error = null, bool failed = false)
    {
        var alertId = Guid.NewGuid();
        return new(AlertDelivery.IdOf(alertId, channel), alertId, channel, to, caseId, raised, failed ? 5 : 1,
            delivered ?? raised.AddMinutes(20), delivered, error, failed, Guid.NewGuid());
    }

    private async Task StoreAsync(params AlertDelivery[] deliveries)
    {
        await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession("clarendon");
        session.Store(deliveries);
        await session.SaveChangesAsync();
    }
}
