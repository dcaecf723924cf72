using System.Collections.Concurrent;
using System.Net;
using Alba;
using Casework.Alerts;
using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Every alert the service publishes, as a receiver of its outbox gets them: the delivery of alerts (webhooks, e-mail)
/// is another handler's, tested with real receivers in AlertDeliveryTests; these tests read what was raised, for whom,
/// through Wolverine, from each alert's webhook message.
/// </summary>
public sealed class AlertInbox
{
    private readonly ConcurrentQueue<Alert> _alerts = new();

    public void Add(Alert alert) => _alerts.Enqueue(alert);

    public IReadOnlyList<Alert> About(Guid caseId) => [.. _alerts.Where(a => a.CaseId == caseId)];

    /// <summary>The alerts about a case once <paramref name="until"/> holds of them, within <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<Alert>> WaitAsync(Guid caseId, Func<IReadOnlyList<Alert>, bool> until, int seconds = 30)
    {
        for (var started = DateTime.UtcNow; DateTime.UtcNow - started < TimeSpan.FromSeconds(seconds); await Task.Delay(100))
        {
            if (About(caseId) is var alerts && until(alerts))
            {
                return alerts;
            }
        }
        var seen = About(caseId);
        Assert.Fail($"The alerts about {caseId} never came; seen: {string.Join(", ", seen.Select(a => $"{a.Kind} to {a.RecipientId}"))}");
        return seen;
    }
}

public static class AlertInboxHandler
{
    public static void Handle(AlertByWebhook message, AlertInbox inbox) => inbox.Add(message.Alert);

    public static void Handle(DeadlineAlertByWebhook message, AlertInbox inbox) => inbox.Add(message.Alert);
}

/// <summary>
/// A service of its own whose alerts land in an <see cref="AlertInbox"/>, with a deputy DSL in its school. Every school
/// has a webhook, whose requests are answered 200 in process: what a receiver does with them is AlertDeliveryTests'.
/// </summary>
public sealed class AlertFixture : IAsyncLifetime
{
    public static readonly Guid Deputy = Guid.Parse("a0000000-0000-4000-8000-0000000000d2");

    public AlertInbox Inbox { get; } = new();

    public ApiFixture Api { get; }

    public AlertFixture() => Api = new ApiFixture(services => services
        .AddSingleton(Inbox)
        .AddSingleton(new AlertSettings(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Casework:Alerts:Default:Webhook:Url"] = "https://alerts.school.test/casework",
            ["Casework:Alerts:Default:Webhook:Secret"] = "a school's webhook key",
        }).Build()))
        .AddHttpClient(AlertWebhook.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new Accepted()).Services
        .ConfigureWolverine(options =>
        {
            options.Discovery.IncludeType(typeof(AlertInboxHandler));
            // The receiver's handler joins the service's own delivery handler in one chain, compiled in memory: the
            // service's generated code on disk (which has the delivery handler alone) is neither loaded nor written.
            options.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Dynamic;
            options.CodeGeneration.SourceCodeWritingEnabled = false;
        }));

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        await Api.Host.Scenario(s =>
        {
            s.Put.Json(new { name = "Dev Deputy", roles = new[] { "dsl", "staff" } }, JsonStyle.MinimalApi).ToUrl($"/api/directory/staff/{Deputy}");
            s.WithBearerToken(Api.TokenFor(School.Admin, ["admin"]));
            s.StatusCodeShouldBeOk();
        });
    }

    public Task DisposeAsync() => Api.DisposeAsync();

    private sealed class Accepted : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}

/// <summary>
/// Issue 17: deadlines that act and alerts that never leak. A case reported already past its deadline (told a week ago)
/// has its miss recorded at once and escalated; every alert goes only to someone the sight rule lets see the case.
/// </summary>
public sealed class DeadlineAlertTests(AlertFixture fixture) : IClassFixture<AlertFixture>
{
    private ApiFixture Api => fixture.Api;

    private AlertInbox Inbox => fixture.Inbox;

    private HttpClient As(Guid user, string role) => Api.ClientFor(user, role);

    private static DateTimeOffset WeekAgo => DateTimeOffset.UtcNow.AddDays(-7);

    private Task<CaseView> ReportConcernAsync(DateTimeOffset told) =>
        CaseClient.Report(As(School.Teacher, "staff"), "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year6Pupil, PupilRole.Victim)], OccurredAt = told.AddHours(-1), ReceivedAt = told,
        });

    private Task<CaseView> ReportAllegationAsync(Guid subject, bool images, DateTimeOffset told) =>
        CaseClient.Report(As(School.Teacher, "staff"), "/api/allegations", ReportAllegation.Request.Example with
        {
            SubjectId = subject, NewSubject = null, IndecentImagesFound = images, UnsuitableMaterialFound = false, PupilIds = null,
            OccurredAt = told.AddHours(-1), ReceivedAt = told,
        });

    [Fact]
    public async Task A_new_concern_alerts_the_DSL_and_deputies_and_a_missed_triage_is_recorded_once_and_escalated_to_the_head()
    {
        var view = await ReportConcernAsync(WeekAgo);

        // A person's action's alerts and the clock's wait on queues of their own (ADR 44): either may arrive first.
        await Inbox.WaitAsync(view.Id, a => a.Count(x => x.Kind == AlertKind.NewConcern) >= 2 && a.Count(x => x.Kind == AlertKind.DeadlineMissed) >= 2
            && a.Any(x => x.Kind == AlertKind.DeadlineEscalated));
        await Task.Delay(500); // anything else it raised has been handled too
        var alerts = Inbox.About(view.Id);
        Assert.Equal(new[] { School.Dsl, AlertFixture.Deputy }.Order(), alerts.Where(a => a.Kind == AlertKind.NewConcern).Select(a => a.RecipientId).Order());
        Assert.Equal(new[] { School.Dsl, AlertFixture.Deputy }.Order(), alerts.Where(a => a.Kind == AlertKind.DeadlineMissed).Select(a => a.RecipientId).Order());
        Assert.Equal([School.Headteacher], alerts.Where(a => a.Kind == AlertKind.DeadlineEscalated).Select(a => a.RecipientId));
        Assert.All(alerts, a => Assert.Equal((ApiFixture.Tenant, (string?)null), (a.Tenant, a.RecipientEmail)));
        Assert.Equal(1, await Api.Stored(view, "deadline-missed"));

        // The case view shows it; escalation brought the case to the head.
        var seenByHead = await CaseClient.Get(As(School.Headteacher, "headteacher"), view.Id);
        var triage = seenByHead.Deadlines!.Single(d => d.Name == DeadlineNames.DslTriage);
        Assert.True(triage.Missed);

        // The check fired again (a second instance, a redelivery): nothing more is recorded.
        await using var scope = Api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(ApiFixture.Tenant,
            new DeadlineCheck(ApiFixture.Tenant, view.Id, DeadlineNames.DslTriage, null, triage.Due));
        Assert.Equal(1, await Api.Stored(view, "deadline-missed"));

        var timeline = await CaseClient.Timeline(As(School.Dsl, "dsl"), view.Id);
        Assert.Contains(timeline, e => e.What.StartsWith("Deadline missed: dsl triage", StringComparison.Ordinal) && e.What.EndsWith("escalated to headteacher", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_allegation_alerts_its_case_manager_and_never_its_subject_R4()
    {
        var view = await ReportAllegationAsync(School.OtherTeacher, images: false, DateTimeOffset.UtcNow.AddHours(-1));

        var alerts = await Inbox.WaitAsync(view.Id, a => a.Any(x => x.Kind == AlertKind.NewAllegation));
        await Task.Delay(500); // anything else it raised has been handled too
        Assert.Equal([(School.Headteacher, AlertKind.NewAllegation, "R4")], Inbox.About(view.Id).Select(a => (a.RecipientId, a.Kind, a.Rule)));
        Assert.DoesNotContain(alerts, a => a.RecipientId == School.OtherTeacher);
    }

    [Fact]
    public async Task An_allegation_re_routed_by_the_directory_alerts_its_new_case_manager_and_never_its_subject_R4()
    {
        var view = await ReportAllegationAsync(School.OtherTeacher, images: false, DateTimeOffset.UtcNow.AddHours(-1));
        await Inbox.WaitAsync(view.Id, a => a.Any(x => x.Kind == AlertKind.NewAllegation));

        // The subject is made headteacher: R4 hands the allegation to the chair, who is told as of a new allegation.
        await PutStaffAsync(School.OtherTeacher, "headteacher", "staff");
        try
        {
            var alerts = await Inbox.WaitAsync(view.Id, a => a.Any(x => x.RecipientId == School.Chair));
            Assert.Contains(alerts, a => (a.RecipientId, a.Kind, a.Rule) == (School.Chair, AlertKind.NewAllegation, "R4"));
            Assert.DoesNotContain(alerts, a => a.RecipientId == School.OtherTeacher);
        }
        finally
        {
            await PutStaffAsync(School.OtherTeacher, "staff");
        }
    }

    private Task PutStaffAsync(Guid id, params string[] roles) => Api.Host.Scenario(s =>
    {
        s.Put.Json(new { name = "Olu Teacher", roles }, JsonStyle.MinimalApi).ToUrl($"/api/directory/staff/{id}");
        s.WithBearerToken(Api.TokenFor(School.Admin, ["admin"]));
        s.StatusCodeShouldBeOk();
    });

    [Fact]
    public async Task The_head_is_never_alerted_of_an_allegation_about_the_head_and_its_missed_R6_deadline_escalates_to_the_chair()
    {
        // Indecent images found a week ago: R6's same-day referrals are long overdue, and escalate to the head and the chair at once.
        var view = await ReportAllegationAsync(School.Headteacher, images: true, WeekAgo);

        await Inbox.WaitAsync(view.Id, a => a.Count(x => x.Kind == AlertKind.DeadlineEscalated) >= 2
            && a.Any(x => x.Kind == AlertKind.IndecentImages && x.RecipientId == School.Chair));
        await Task.Delay(500); // anything else it raised has been handled too
        var alerts = Inbox.About(view.Id);
        Assert.DoesNotContain(alerts, a => a.RecipientId == School.Headteacher);
        Assert.Contains(alerts, a => (a.RecipientId, a.Kind, a.Rule) == (School.Chair, AlertKind.IndecentImages, "R6"));
        Assert.All(alerts.Where(a => a.Kind == AlertKind.DeadlineEscalated), a => Assert.Equal((School.Chair, "R6"), (a.RecipientId, a.Rule)));
        Assert.Equal(HttpStatusCode.NotFound, (await As(School.Headteacher, "headteacher").GetAsync($"/api/cases/{view.Id}")).StatusCode);
    }

    [Fact]
    public async Task An_assigned_action_alerts_its_assignee_who_sees_that_action_even_without_sight_of_the_case_ADR_38()
    {
        var dsl = As(School.Dsl, "dsl");
        var view = await CaseClient.Get(dsl, (await ReportConcernAsync(DateTimeOffset.UtcNow.AddHours(-1))).Id);
        view = await CaseClient.Ok(dsl, view, CaseActions.AssignAction, AssignAction.Request.Example with { AssigneeId = AlertFixture.Deputy });
        view = await CaseClient.Ok(dsl, view, CaseActions.AssignAction, AssignAction.Request.Example with { AssigneeId = School.OtherTeacher });

        // A teacher who sees nothing else of the concern sees the action assigned to them (Sight: assigned), so is told of it.
        var alerts = await Inbox.WaitAsync(view.Id, a => a.Count(x => x.Kind == AlertKind.ActionAssigned) == 2);
        await Task.Delay(500);
        Assert.Equal(new[] { AlertFixture.Deputy, School.OtherTeacher }.Order(),
            Inbox.About(view.Id).Where(a => a.Kind == AlertKind.ActionAssigned).Select(a => a.RecipientId).Order());
        Assert.DoesNotContain(alerts, a => a.Kind == AlertKind.ActionAssigned && a.RecipientId == School.Teacher);
    }
}

/// <summary>
/// Issue 17: a deadline's check is stored in PostgreSQL with the change that set it, so a service stopped between
/// scheduling and firing still records the miss, from the instance started after it. A fixture of its own: its clock
/// is moved to just before the deadline.
/// </summary>
public sealed class DeadlineRestartTests(AlertFixture fixture) : IClassFixture<AlertFixture>
{
    [Fact]
    public async Task A_deadline_scheduled_before_a_restart_is_checked_and_escalated_after_it()
    {
        var api = fixture.Api;
        var told = DateTimeOffset.UtcNow.AddHours(-1);
        var due = Casework.Calendar.WorkingDayCalendar.EnglandAndWales.AddWorkingDays(told, 1);
        // The service's clock stands 15 seconds before the DSL's triage is due; Wolverine fires by the real clock, after the same delay.
        api.Clock.Advance(due.AddSeconds(-15) - api.Clock.GetUtcNow());
        var view = await CaseClient.Report(api.ClientFor(School.Teacher, "staff"), "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year6Pupil, PupilRole.Victim)], OccurredAt = told.AddHours(-1), ReceivedAt = told,
        });
        Assert.Equal(1L, await api.ScalarAsync<long>(
            "select count(*) from wolverine_incoming_envelopes where status = 'Scheduled' and message_type ilike '%deadlinecheck%'"));

        await api.RestartAsync();
        Assert.Equal(0, await api.Stored(view, "deadline-missed"));

        // Alerts are stored in the durable alerts queues: one the stopped instance had not delivered is delivered by the
        // next (the reminder's, raised just before the restart, is the one this catches: ADR 44).
        var alerts = await fixture.Inbox.WaitAsync(view.Id,
            a => a.Any(x => x.Kind == AlertKind.DeadlineEscalated) && a.Any(x => x.Kind == AlertKind.DeadlineReminder && x.RecipientId == School.Dsl), seconds: 90);
        Assert.Equal([School.Headteacher], alerts.Where(a => a.Kind == AlertKind.DeadlineEscalated).Select(a => a.RecipientId));
        Assert.Equal(1, await api.Stored(view, "deadline-missed"));
        // The reminder went at once (its morning had passed), before the restart.
        Assert.Contains(alerts, a => a.Kind == AlertKind.DeadlineReminder && a.RecipientId == School.Dsl);
    }
}
