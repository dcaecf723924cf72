using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Casework.Alerts;
using Casework.Auth;
using Casework.Cases;
using Casework.Directory;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using Wolverine;
using Wolverine.Tracking;

namespace Casework.IntegrationTests.Alerts;

/// <summary>
/// Alerts delivered for real (issue 17, ADR 37): a webhook receiver on Kestrel in this process that checks every
/// signature, and Debian's aiosmtpd as the school's SMTP server (started here; scripts/test.sh installs it). The
/// alerts are published on the service's bus as the code that raises them does. Each test runs its own service
/// host(s) on one schema; a restart is one host stopped and another started on the same database.
/// </summary>
public sealed class AlertDeliveryTests(AlertDeliveryTests.Servers servers) : IClassFixture<AlertDeliveryTests.Servers>, IAsyncLifetime
{
    private const string Tenant = "clarendon";
    private const string Secret = "a school's webhook key, from the secret store";
    private readonly List<IAlbaHost> _hosts = [];
    private readonly WebhookReceiver _receiver = new(FreePort(), Secret);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_webhook_receiver_that_is_down_gets_the_alert_when_it_comes_back_signed_as_a_CloudEvent_with_the_alert_id()
    {
        var host = await StartHostAsync(webhook: true, email: false);
        var alert = NewAlert();
        await PublishAsync(host, alert);
        await EventuallyAsync(async () => await DeliveryAsync(host, alert, AlertChannel.Webhook) is { Attempts: >= 1, LastError: not null }, "a failed first attempt");

        await _receiver.StartAsync();
        await EventuallyAsync(() => Task.FromResult(_receiver.Received.Any(r => r.Id == alert.Id)), "the webhook after the receiver came back");

        Assert.Equal([alert.Id], _receiver.Received.Select(r => r.Id).Distinct());
        Assert.Equal(0, _receiver.BadSignatures);
        var cloudEvent = _receiver.Received.First().Body.RootElement;
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal("uk.casework.alert.deadline-missed", cloudEvent.GetProperty("type").GetString());
        Assert.Equal(alert.Id, cloudEvent.GetProperty("id").GetGuid());
        var data = cloudEvent.GetProperty("data");
        Assert.Equal(["due", "kind", "link", "recipientId", "rule", "school"], data.EnumerateObject().Select(p => p.Name).Order());
        Assert.EndsWith($"/console/cases/{alert.CaseId}", data.GetProperty("link").GetString());
        await EventuallyAsync(async () => await DeliveryAsync(host, alert, AlertChannel.Webhook) is { Delivered: true, Failed: false }, "the delivery recorded");
    }

    [Fact]
    public async Task The_alerts_the_clock_raises_wait_on_a_queue_apart_from_those_of_peoples_actions_and_no_alert_handler_sends_into_its_own_queue()
    {
        // ADR 44: 10,000 deadlines fall due at the end of a school day; a DSL's alert of a new disclosure must not wait
        // behind their alerts. ADR 41: a durable local queue holds at most 10,000 waiting and makes the next sender wait,
        // so a handler sending into its own queue would wait on itself.
        var host = await StartHostAsync(webhook: true, email: true);
        await _receiver.StartAsync();
        var ofAnAction = NewAlert() with { Kind = AlertKind.NewDisclosure, Due = null };
        var ofTheClock = NewAlert();
        var storedWhole = NewAlert() with { Kind = AlertKind.ActionAssigned };
        var settings = host.Services.GetRequiredService<AlertSettings>();

        Func<IMessageContext, Task> publish = async bus =>
        {
            await DeliverAlertHandler.PublishAsync(bus, ofAnAction, settings);
            await DeliverAlertHandler.PublishAsync(bus, ofTheClock, settings);
            // As a version before ADR 44 stored it: the alert whole, split by its handler on a queue of its own.
            await bus.PublishAsync(storedWhole);
        };
        var tracked = await host.TrackActivity().Timeout(TimeSpan.FromSeconds(60)).DoNotAssertOnExceptionsDetected().ExecuteAndWaitAsync(publish);

        // Each alert, on each channel, on its queue.
        string QueueOf(Alert alert, AlertChannel channel) => Assert.Single(tracked.Sent.Envelopes(), e => e.Message is IAlertDelivery d && d.Alert.Id == alert.Id
            && (e.Message is AlertByWebhook or DeadlineAlertByWebhook) == (channel == AlertChannel.Webhook)).Destination!.Host;
        foreach (var channel in new[] { AlertChannel.Webhook, AlertChannel.Email })
        {
            Assert.Equal(DeliverAlertHandler.Queue, QueueOf(ofAnAction, channel));
            Assert.Equal(DeliverAlertHandler.DeadlineQueue, QueueOf(ofTheClock, channel));
            Assert.Equal(DeliverAlertHandler.Queue, QueueOf(storedWhole, channel));
        }
        Assert.Equal(DeliverAlertHandler.StoredAlertsQueue, Assert.Single(tracked.Sent.Envelopes(), e => e.Message is Alert).Destination!.Host);
        Assert.All(new[] { AlertKind.DeadlineReminder, AlertKind.DeadlineMissed, AlertKind.DeadlineEscalated, AlertKind.AcknowledgementOverdue },
            kind => Assert.True(DeliverAlertHandler.RaisedByTheClock(kind)));
        Assert.All(new[] { AlertKind.NewConcern, AlertKind.NewDisclosure, AlertKind.NewAllegation, AlertKind.IndecentImages, AlertKind.ActionAssigned },
            kind => Assert.False(DeliverAlertHandler.RaisedByTheClock(kind)));
        // And each is delivered: the stored one too.
        await EventuallyAsync(() => Task.FromResult(new[] { ofAnAction.Id, ofTheClock.Id, storedWhole.Id }.All(id => _receiver.Received.Any(r => r.Id == id))), "the three webhooks");
    }

    [Fact]
    public async Task An_alert_e_mail_goes_to_the_directorys_work_address_with_the_alert_id_as_Message_ID_and_no_names()
    {
        var host = await StartHostAsync(webhook: false, email: true);
        var staff = Guid.NewGuid();
        await RecordStaffAsync(host, staff, new StaffMemberAdded(staff, "Dana Lead", [Role.Dsl], Email: $"dana.{staff:N}@clarendon.sch.uk"));
        var alert = NewAlert() with { RecipientId = staff, RecipientEmail = null };
        await PublishAsync(host, alert);

        var mail = await EventuallyAsync(() => Task.FromResult(servers.Mail().FirstOrDefault(m => m.MessageId == AlertEmail.MessageId(alert.Id))), "the e-mail");

        Assert.Equal($"dana.{staff:N}@clarendon.sch.uk", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal($"{alert.Id}@casework", mail.MessageId);
        var text = mail.TextBody;
        Assert.Contains("deadline missed", text);
        Assert.Contains("R5", text);
        Assert.Contains("(London time)", text);
        Assert.Contains($"/console/cases/{alert.CaseId}", text);
        Assert.DoesNotContain("Dana", text + mail.Subject);
        await EventuallyAsync(async () => await DeliveryAsync(host, alert, AlertChannel.Email) is { Delivered: true }, "the delivery recorded");
    }

    [Fact]
    public async Task An_alert_published_before_a_restart_is_delivered_by_the_next_service_on_the_same_database_once()
    {
        var first = await StartHostAsync(webhook: true, email: false);
        var alert = NewAlert();
        await PublishAsync(first, alert);
        await EventuallyAsync(async () => await DeliveryAsync(first, alert, AlertChannel.Webhook) is { Attempts: >= 1 }, "a failed first attempt");
        _hosts.Remove(first);
        await first.DisposeAsync();

        await _receiver.StartAsync();
        var second = await StartHostAsync(webhook: true, email: false);
        await EventuallyAsync(() => Task.FromResult(_receiver.Received.Any(r => r.Id == alert.Id)), "the webhook from the restarted service");

        Assert.Equal([alert.Id], _receiver.Received.Select(r => r.Id).Distinct());
        Assert.Equal(0, _receiver.BadSignatures);
        await EventuallyAsync(async () => await DeliveryAsync(second, alert, AlertChannel.Webhook) is { Delivered: true }, "the delivery recorded");
    }

    [Fact]
    public async Task A_delivery_failed_past_every_retry_is_listed_for_the_admin_to_whom_but_not_what_about_and_replay_delivers_it()
    {
        var host = await StartHostAsync(webhook: true, email: false);
        var alert = NewAlert();
        await PublishAsync(host, alert);
        var id = AlertDelivery.IdOf(alert.Id, AlertChannel.Webhook);
        var admin = AdminClient(host);

        var failed = await EventuallyAsync(async () =>
        {
            var page = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/alerts/failed?limit=200")).RootElement;
            return page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("id").GetString() == id).Select(i => (JsonElement?)i).FirstOrDefault();
        }, "the failed delivery in the admin's list");
        var row = failed!.Value;
        Assert.Equal(alert.RecipientId, row.GetProperty("recipientId").GetGuid());
        Assert.Equal("webhook", row.GetProperty("channel").GetString());
        Assert.Equal(Retries.Length + 1, row.GetProperty("attempts").GetInt32());
        Assert.Equal(nameof(HttpRequestException), row.GetProperty("error").GetString());
        // To whom, never about what: nothing of the case, the kind, the rule or the deadline.
        Assert.Equal(["attempts", "channel", "error", "id", "lastAttemptAt", "recipientId", "recipientName"], row.EnumerateObject().Select(p => p.Name).Order());
        Assert.DoesNotContain(alert.CaseId!.Value.ToString(), row.GetRawText());
        // Kept in Wolverine's own dead letters, which the replay hands back to the queue.
        var envelope = (await DeliveryAsync(host, alert, AlertChannel.Webhook))!.EnvelopeId;
        Assert.Equal(1L, await servers.ScalarAsync<long>($"select count(*) from wolverine_dead_letters where id = '{envelope}' and message_type like '%AlertByWebhook'"));

        // Another school's administrator neither sees nor replays it.
        var otherSchool = ClientFor(host, Guid.NewGuid(), "admin", "rainow");
        Assert.DoesNotContain(id, await otherSchool.GetStringAsync("/api/admin/alerts/failed?limit=200"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherSchool.PostAsJsonAsync($"/api/admin/alerts/failed/{id}/replay", new { why = "Not ours." })).StatusCode);

        var blank = await admin.PostAsJsonAsync($"/api/admin/alerts/failed/{id}/replay", new { why = " " });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Api.AuthorizationKit.AssertNamesField(JsonDocument.Parse(await blank.Content.ReadAsStringAsync()).RootElement, "why");

        await _receiver.StartAsync();
        var replay = await admin.PostAsJsonAsync($"/api/admin/alerts/failed/{id}/replay", new { why = "The receiver is back." });
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await EventuallyAsync(() => Task.FromResult(_receiver.Received.Any(r => r.Id == alert.Id)), "the replayed webhook");
        Assert.Equal([alert.Id], _receiver.Received.Select(r => r.Id).Distinct());
        await EventuallyAsync(async () => await DeliveryAsync(host, alert, AlertChannel.Webhook) is { Delivered: true, Failed: false, ReplayedBecause: "The receiver is back." }, "the replay recorded");
        Assert.DoesNotContain(id, await admin.GetStringAsync("/api/admin/alerts/failed?limit=200"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/admin/alerts/failed/{id}/replay", new { why = "The receiver is back." })).StatusCode);
    }

    [Fact]
    public async Task An_e_mail_to_someone_who_has_left_is_recorded_as_undeliverable_at_once_without_retries()
    {
        var host = await StartHostAsync(webhook: false, email: true);
        var staff = Guid.NewGuid();
        await RecordStaffAsync(host, staff, new StaffMemberAdded(staff, "Lee Left", [Role.Dsl], Email: "lee@clarendon.sch.uk"), new StaffMemberRemoved(staff));
        var alert = NewAlert() with { RecipientId = staff, RecipientEmail = null };
        await PublishAsync(host, alert);

        var delivery = await EventuallyAsync(async () => await DeliveryAsync(host, alert, AlertChannel.Email) is { Failed: true } d ? d : null, "the undeliverable e-mail");
        Assert.Equal(1, delivery.Attempts);
        Assert.StartsWith(nameof(RecipientUnreachable), delivery.LastError);
        Assert.Contains("left", delivery.LastError);
        Assert.DoesNotContain(servers.Mail(), m => m.MessageId == AlertEmail.MessageId(alert.Id));
    }

    [Fact]
    public async Task The_case_alerts_route_answers_an_unknown_case_with_404_and_a_non_admin_with_403_on_failed_deliveries()
    {
        var host = await StartHostAsync(webhook: false, email: false);
        var admin = AdminClient(host);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/cases/{Guid.NewGuid()}/alerts")).StatusCode);
        var staff = ClientFor(host, Guid.NewGuid(), "dsl");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/admin/alerts/failed")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/admin/alerts/failed/x/replay", new { why = "Back." })).StatusCode);
    }

    // ---------------------------------------------------------------- helpers

    private static readonly string[] Retries = ["00:00:01", "00:00:01"];

    private static Alert NewAlert() => new(Guid.NewGuid(), Tenant, Guid.NewGuid(), "dsl@clarendon.sch.uk", AlertKind.DeadlineMissed, "R5", Guid.NewGuid(),
        new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow);

    private async Task<IAlbaHost> StartHostAsync(bool webhook, bool email)
    {
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Casework", TestDatabase.ServiceConnectionString);
            builder.UseSetting("Casework:Schema", servers.Schema);
            builder.UseSetting("Casework:Alerts:ConsoleUrl", "https://casework.test/");
            for (var i = 0; i < Retries.Length; i++)
            {
                builder.UseSetting($"Casework:Alerts:RetryDelays:{i}", Retries[i]);
            }
            if (webhook)
            {
                builder.UseSetting($"Casework:Alerts:Schools:{Tenant}:Webhook:Url", _receiver.Url);
                builder.UseSetting($"Casework:Alerts:Schools:{Tenant}:Webhook:Secret", Secret);
            }
            if (email)
            {
                builder.UseSetting("Casework:Alerts:Default:Smtp:Host", "127.0.0.1");
                builder.UseSetting("Casework:Alerts:Default:Smtp:Port", servers.SmtpPort.ToString());
                builder.UseSetting("Casework:Alerts:Default:Smtp:Security", "None");
                builder.UseSetting("Casework:Alerts:Default:Smtp:From", "alerts@casework.test");
            }
        });
        _hosts.Add(host);
        return host;
    }

    private static async Task PublishAsync(IAlbaHost host, Alert alert)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await DeliverAlertHandler.PublishAsync(scope.ServiceProvider.GetRequiredService<IMessageBus>(), alert, host.Services.GetRequiredService<AlertSettings>());
    }

    private static async Task RecordStaffAsync(IAlbaHost host, Guid staff, params object[] events)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().LightweightSession(Tenant);
        session.Events.StartStream<Person>(staff, events);
        await session.SaveChangesAsync();
    }

    private static async Task<AlertDelivery?> DeliveryAsync(IAlbaHost host, Alert alert, AlertChannel channel)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(Tenant);
        return await session.LoadAsync<AlertDelivery>(AlertDelivery.IdOf(alert.Id, channel));
    }

    private static HttpClient AdminClient(IAlbaHost host) => ClientFor(host, Guid.NewGuid(), "admin");

    private static HttpClient ClientFor(IAlbaHost host, Guid user, string role, string tenant = Tenant)
    {
        using var key = DevelopmentTokens.LoadOrCreateKey(DevelopmentTokens.ResolveKeyPath(null));
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentTokens.Mint(key,
            new DevelopmentTokenRequest(user, "Test " + role, [tenant], [role], TimeSpan.FromMinutes(30)), DateTimeOffset.UtcNow));
        return client;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> check, string what) =>
        await EventuallyAsync(async () => await check() ? true : (bool?)null, what);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> check, string what)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await check() is { } found)
            {
                return found;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Waited 60 s for {what}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A school's webhook endpoint: down until started; checks each signature over the exact body bytes.</summary>
    private sealed class WebhookReceiver(int port, string secret) : IAsyncDisposable
    {
        private WebApplication? _app;

        public string Url => $"http://127.0.0.1:{port}/alerts";

        public ConcurrentQueue<(Guid Id, JsonDocument Body)> Received { get; } = new();

        public int BadSignatures;

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            _app = builder.Build();
            _app.MapPost("/alerts", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                var body = buffer.ToArray();
                var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));
                if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected),
                        System.Text.Encoding.ASCII.GetBytes(request.Headers["Casework-Signature"].ToString())))
                {
                    Interlocked.Increment(ref BadSignatures);
                    return Results.Unauthorized();
                }
                var json = JsonDocument.Parse(body);
                Received.Enqueue((json.RootElement.GetProperty("id").GetGuid(), json));
                return Results.NoContent();
            });
            await _app.StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }

    /// <summary>The schema the tests' services share, and the school's SMTP server: Debian's aiosmtpd, writing each message to a folder.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        private Process? _smtp;
        private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("casework-mail-").FullName;

        public string Schema { get; } = TestDatabase.NewSchema("alerts");

        public int SmtpPort { get; } = FreePort();

        public async Task InitializeAsync()
        {
            await TestDatabase.MigrateAsync(Schema);
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            _smtp = Process.Start(new ProcessStartInfo(python, [Path.Combine(AppContext.BaseDirectory, "Alerts", "smtp_sink.py"), SmtpPort.ToString(), _folder])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("aiosmtpd did not start.");
            var ready = await _smtp.StandardOutput.ReadLineAsync();
            if (ready != "listening")
            {
                throw new InvalidOperationException("The SMTP server (python3-aiosmtpd) did not start: " + await _smtp.StandardError.ReadToEndAsync());
            }
        }

        /// <summary>Every message the SMTP server has received.</summary>
        public IReadOnlyList<MimeMessage> Mail() => [.. System.IO.Directory.GetFiles(_folder, "*.eml").Select(f => MimeMessage.Load(f))];

        public async Task<T> ScalarAsync<T>(string sql)
        {
            await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString + ";Search Path=" + Schema);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (T)(await command.ExecuteScalarAsync())!;
        }

        public async Task DisposeAsync()
        {
            if (_smtp is { HasExited: false })
            {
                _smtp.Kill();
                await _smtp.WaitForExitAsync();
            }
            _smtp?.Dispose();
            System.IO.Directory.Delete(_folder, recursive: true);
            await TestDatabase.DropSchemaAsync(Schema);
        }
    }
}
