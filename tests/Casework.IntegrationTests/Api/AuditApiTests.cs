using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Audit;
using Casework.Auth;
using Casework.Http;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// DOMAIN.md "Audit and history" and API.md's audit routes: the audit trail and the access log, for auditors
/// only and one school at a time. The replay has its own tests (<see cref="ReplayApiTests"/>).
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class AuditApiTests(ApiFixture api)
{
    private HttpClient Auditor(params string[] tenants) => api.ClientFor(School.Auditor, Role.Auditor.Name(), tenants);

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{Describe(response)}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsync<T>())!;
    }

    /// <summary>A concern reported by the teacher and triaged by the DSL: two events.</summary>
    private async Task<Guid> TriagedConcernAsync()
    {
        var concern = await ReportConcernAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(Triage(concern))).StatusCode);
        return concern;
    }

    // ---------------------------------------------------------------- the audit trail

    [Fact]
    public async Task The_audit_trail_shows_each_event_of_a_case_with_who_when_and_why()
    {
        var before = api.Clock.GetUtcNow();
        var concern = await TriagedConcernAsync();
        var after = api.Clock.GetUtcNow();

        var page = await OkAsync<AuditEventPage>(await Auditor().GetAsync($"/api/audit/events?stream={concern}"));

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.Next);
        var (reported, triaged) = (page.Items[0], page.Items[1]);
        Assert.True(reported.Sequence < triaged.Sequence);
        Assert.Equal(["concern-reported", "case-triaged"], page.Items.Select(e => e.Type));
        Assert.Equal([1L, 2L], page.Items.Select(e => e.Version));
        Assert.All(page.Items, e => Assert.Equal((concern, "case", "concern"), (e.StreamId, e.StreamType, e.CaseKind)));
        Assert.Equal([School.Teacher, School.Dsl], page.Items.Select(e => e.ActorId!.Value));
        Assert.Equal([Role.Staff.Name()], reported.ActorRoles);
        Assert.Equal([Role.Dsl.Name()], triaged.ActorRoles);
        Assert.All(page.Items, e => Assert.False(string.IsNullOrEmpty(e.CorrelationId)));
        Assert.All(page.Items, e => Assert.False(string.IsNullOrEmpty(e.CausationId)));
        // Recorded by the service's clock (ADR 18); PostgreSQL keeps microseconds.
        Assert.InRange(reported.RecordedAt, before.AddTicks(-10), after);
        // The report says when it happened (three hours before it was told); a triage carries no such time.
        Assert.True(reported.OccurredAt < reported.RecordedAt.AddHours(-2));
        Assert.Equal(triaged.RecordedAt, triaged.OccurredAt);
        Assert.Equal("cyberbullying", reported.Data.GetProperty("category").GetString());
        Assert.Equal("medium", triaged.Data.GetProperty("risk").GetString());
    }

    [Fact]
    public async Task The_audit_trail_is_paged_by_sequence()
    {
        var concern = await TriagedConcernAsync();
        var auditor = Auditor();

        var first = await OkAsync<AuditEventPage>(await auditor.GetAsync($"/api/audit/events?stream={concern}&limit=1"));
        var second = await OkAsync<AuditEventPage>(await auditor.GetAsync($"/api/audit/events?stream={concern}&limit=1&after={first.Next}"));
        var third = await OkAsync<AuditEventPage>(await auditor.GetAsync($"/api/audit/events?stream={concern}&limit=1&after={second.Items[0].Sequence}"));

        Assert.Equal("concern-reported", Assert.Single(first.Items).Type);
        Assert.Equal(first.Items[0].Sequence, first.Next);
        Assert.Equal("case-triaged", Assert.Single(second.Items).Type);
        Assert.Null(second.Next);
        Assert.Empty(third.Items);
        Assert.Null(third.Next);

        // The whole school's trail, in sequence order, a full page at a time.
        var all = await OkAsync<AuditEventPage>(await auditor.GetAsync("/api/audit/events?limit=5"));
        Assert.Equal(5, all.Items.Count);
        Assert.Equal(all.Items[4].Sequence, all.Next);
        Assert.Equal(all.Items.Select(e => e.Sequence).Order(), all.Items.Select(e => e.Sequence));
    }

    [Fact]
    public async Task The_audit_trail_filters_by_event_name_and_recording_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var concern = await TriagedConcernAsync();
        var auditor = Auditor();
        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

        var triages = await OkAsync<AuditEventPage>(await auditor.GetAsync($"/api/audit/events?stream={concern}&type=case-triaged"));
        var since = await OkAsync<AuditEventPage>(await auditor.GetAsync($"/api/audit/events?stream={concern}&from={At(before)}"));
        var until = await OkAsync<AuditEventPage>(await auditor.GetAsync($"/api/audit/events?stream={concern}&to={At(before)}"));
        var people = await OkAsync<AuditEventPage>(await auditor.GetAsync($"/api/audit/events?stream={School.Dsl}"));

        Assert.Equal("case-triaged", Assert.Single(triages.Items).Type);
        Assert.Equal(2, since.Items.Count);
        Assert.Empty(until.Items);
        Assert.Equal("staff-member-added", people.Items[0].Type);
        Assert.All(people.Items, e => Assert.Equal(("person", (string?)null), (e.StreamType, e.CaseKind)));
    }

    public static TheoryData<string, string> BadFeedQueries => new()
    {
        { "/api/audit/events?type=concern-deleted", "type" },
        { "/api/audit/events?type=ConcernReported", "type" },
        { "/api/audit/events?limit=201", "limit" },
        { "/api/audit/events?limit=0", "limit" },
        { "/api/audit/events?after=-1", "after" },
        { "/api/audit/events?after=abc", "after" },
        { "/api/audit/events?stream=not-a-guid", "stream" },
        { "/api/audit/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from" },
        { "/api/audit/access-log?limit=500", "limit" },
        { "/api/audit/access-log?case=42", "case" },
        { "/api/audit/access-log?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from" },
    };

    [Theory]
    [MemberData(nameof(BadFeedQueries))]
    public async Task A_bad_filter_is_400_naming_it(string path, string field) =>
        AssertNamesField(await ProblemAsync(await Auditor().GetAsync(path), HttpStatusCode.BadRequest, path), field);

    [Fact]
    public async Task A_page_of_the_audit_trail_is_recorded_as_a_read_of_each_case_it_shows()
    {
        var concern = await TriagedConcernAsync();
        var trace = new RequestTrace();

        await OkAsync<AuditEventPage>(await trace.Tag(Auditor()).GetAsync($"/api/audit/events?stream={concern}"));
        await OkAsync<AuditEventPage>(await trace.Tag(Auditor()).GetAsync($"/api/audit/events?stream={School.Dsl}"));

        Assert.Equal(1L, await trace.ReadsAsync(api));
        Assert.Equal(1L, await api.ScalarAsync<long>(
            $"select count(*) from mt_doc_case_reads where cases @> array['{concern}'::uuid] and data->>'how' = 'audit-trail' and data->>'traceId' = '{trace.Id}'"));
    }

    // ---------------------------------------------------------------- the access log

    [Fact]
    public async Task The_access_log_lists_who_read_a_case_oldest_first_and_reading_it_is_itself_logged()
    {
        var concern = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        await dsl.GetAsync($"/api/cases/{concern}");
        await dsl.GetAsync($"/api/cases/{concern}/timeline");
        await api.ClientFor(School.Teacher, Role.Staff.Name()).GetAsync($"/api/cases/{concern}");
        var auditor = Auditor();

        var log = await OkAsync<AccessLogPage>(await auditor.GetAsync($"/api/audit/access-log?case={concern}"));
        var byDsl = await OkAsync<AccessLogPage>(await auditor.GetAsync($"/api/audit/access-log?case={concern}&user={School.Dsl}"));

        // The teacher's report is the case's first event, so the first to see it (ADR 19: actions are shown from the events).
        Assert.Equal(["act", "view", "timeline", "view"], log.Items.Select(r => r.How));
        Assert.Equal([School.Teacher, School.Dsl, School.Dsl, School.Teacher], log.Items.Select(r => r.ActorId));
        Assert.All(log.Items, r => Assert.Equal($"case/{concern}", r.What));
        Assert.All(log.Items, r => Assert.Equal([concern], r.Cases));
        Assert.Null(log.Next);
        Assert.Equal(["view", "timeline"], byDsl.Items.Select(r => r.How));
        // Who read a case is about the case: each read of the log that showed it is a row of its own.
        Assert.Equal(5L, await AccessLogCountAsync(api, concern));
        var again = await OkAsync<AccessLogPage>(await auditor.GetAsync($"/api/audit/access-log?case={concern}&user={School.Auditor}"));
        Assert.Equal(["access-log", "access-log"], again.Items.Select(r => r.How));
    }

    [Fact]
    public async Task Who_saw_a_case_joins_the_reads_that_showed_it_and_its_events_in_time_order_WhoSawCaseAsync()
    {
        var concern = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync($"/api/cases/{concern}")).StatusCode);
        for (var queue = await OkAsync<JsonElement>(await dsl.GetAsync("/api/registers/dsl-queue?limit=200&kind=concern"));
             queue.GetProperty("next").GetString() is { } next;
             queue = await OkAsync<JsonElement>(await dsl.GetAsync($"/api/registers/dsl-queue?limit=200&kind=concern&after={next}")))
        {
        }
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(concern))).StatusCode);

        var log = await OkAsync<AccessLogPage>(await Auditor().GetAsync($"/api/audit/access-log?case={concern}"));
        var pages = new List<AccessLogEntry>();
        for (var page = await OkAsync<AccessLogPage>(await Auditor().GetAsync($"/api/audit/access-log?case={concern}&limit=1")); ;
             page = await OkAsync<AccessLogPage>(await Auditor().GetAsync($"/api/audit/access-log?case={concern}&limit=1&after={page.Next}")))
        {
            pages.AddRange(page.Items);
            if (page.Next is null || pages.Count > 10)
            {
                break;
            }
        }

        Assert.Equal([("act", "concern-reported"), ("view", null), ("register:dsl-queue", null), ("act", "case-triaged")],
            log.Items.Take(4).Select(e => (e.How, e.Event)));
        Assert.Equal([School.Teacher, School.Dsl, School.Dsl, School.Dsl], log.Items.Take(4).Select(e => e.ActorId!.Value));
        Assert.All(log.Items, e => Assert.Equal([concern], e.Cases));
        Assert.Equal(log.Items.OrderBy(e => e.ReadAt).Select(e => e.Id), log.Items.Select(e => e.Id));
        // Paged one entry at a time across both sources: the same entries, none twice (the auditor's own reads of the log follow).
        Assert.Equal(log.Items.Select(e => e.Id), pages.Take(log.Items.Count).Select(e => e.Id));
        Assert.Equal(pages.Count, pages.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task The_access_log_is_paged_by_the_last_id_and_filtered_by_read_time()
    {
        var concern = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        for (var i = 0; i < 3; i++)
        {
            await dsl.GetAsync($"/api/cases/{concern}");
        }
        var auditor = Auditor();

        // The DSL's reads only: the auditor's own reads of the log are logged too.
        var dslReads = $"/api/audit/access-log?case={concern}&user={School.Dsl}";
        var first = await OkAsync<AccessLogPage>(await auditor.GetAsync($"{dslReads}&limit=2"));
        var second = await OkAsync<AccessLogPage>(await auditor.GetAsync($"{dslReads}&limit=2&after={first.Next}"));
        var later = Uri.EscapeDataString(first.Items[1].ReadAt.ToString("O"));
        var since = await OkAsync<AccessLogPage>(await auditor.GetAsync($"{dslReads}&from={later}"));
        var until = await OkAsync<AccessLogPage>(await auditor.GetAsync($"{dslReads}&to={later}"));

        Assert.Equal(2, first.Items.Count);
        Assert.Equal(PageCursor.After(first.Items[1].ReadAt, first.Items[1].Id).ToString(), first.Next);
        Assert.Single(second.Items);
        Assert.Null(second.Next);
        Assert.Equal(3, first.Items.Concat(second.Items).Select(r => r.Id).Distinct().Count());
        Assert.True(first.Items[0].ReadAt <= first.Items[1].ReadAt && first.Items[1].ReadAt <= second.Items[0].ReadAt);
        Assert.Equal(first.Items.Skip(1).Concat(second.Items).Select(r => r.Id), since.Items.Select(r => r.Id));
        Assert.Equal(first.Items.Take(1).Select(r => r.Id), until.Items.Select(r => r.Id));
    }

    // ---------------------------------------------------------------- who, and which school

    [Fact]
    public async Task Only_an_auditor_reads_the_audit_trail_the_access_log_or_replays()
    {
        var failures = new List<string>();
        foreach (var role in AllRoles.Where(r => r != Role.Auditor.Name()))
        {
            var client = api.ClientFor(School.Auditor, role);
            foreach (var request in new Func<HttpRequestMessage>[]
                     {
                         () => new(HttpMethod.Get, "/api/audit/events"),
                         () => new(HttpMethod.Get, "/api/audit/access-log"),
                         () => new(HttpMethod.Post, "/api/audit/replay") { Content = JsonContent.Create(ReplayRequest.Example) },
                     })
            {
                var response = await client.SendAsync(request());
                if (response.StatusCode != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{role} {Describe(response)}");
                    continue;
                }
                Assert.Equal("ROLES", (await ProblemAsync(response, HttpStatusCode.Forbidden)).GetProperty("rule").GetString());
            }
        }

        Assert.True(failures.Count == 0, "only an auditor:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task An_auditor_sees_only_the_school_they_chose()
    {
        var ours = await ReportConcernAsync(api);
        var theirs = await ReportConcernAsync(api, tenant: ApiFixture.OtherTenant);
        await api.ClientFor(School.Dsl, Role.Dsl.Name()).GetAsync($"/api/cases/{ours}");
        await api.ClientFor(School.Dsl, Role.Dsl.Name(), ApiFixture.OtherTenant).GetAsync($"/api/cases/{theirs}");
        var both = Auditor(ApiFixture.Tenant, ApiFixture.OtherTenant);
        Task<HttpResponseMessage> Get(string path, string tenant) =>
            both.SendAsync(new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Casework-Tenant", tenant } } });

        var theirEventsHere = await OkAsync<AuditEventPage>(await Auditor().GetAsync($"/api/audit/events?stream={theirs}"));
        var theirReadsHere = await OkAsync<AccessLogPage>(await Auditor().GetAsync($"/api/audit/access-log?case={theirs}"));
        var theirEventsThere = await OkAsync<AuditEventPage>(await Get($"/api/audit/events?stream={theirs}", ApiFixture.OtherTenant));
        var theirReadsThere = await OkAsync<AccessLogPage>(await Get($"/api/audit/access-log?case={theirs}", ApiFixture.OtherTenant));
        var ourEventsThere = await OkAsync<AuditEventPage>(await Get($"/api/audit/events?stream={ours}", ApiFixture.OtherTenant));
        var anyPageHere = await OkAsync<AuditEventPage>(await Auditor().GetAsync("/api/audit/events?limit=200"));

        Assert.Empty(theirEventsHere.Items);
        Assert.Empty(theirReadsHere.Items);
        Assert.Equal("concern-reported", Assert.Single(theirEventsThere.Items).Type);
        // The report, the DSL's view, then the auditor's own read of the case's events in the trail just before.
        Assert.Equal([(School.Teacher, "act"), (School.Dsl, "view"), (School.Auditor, "audit-trail")],
            theirReadsThere.Items.Select(r => (r.ActorId!.Value, r.How)));
        Assert.Empty(ourEventsThere.Items);
        Assert.DoesNotContain(anyPageHere.Items, e => e.StreamId == theirs);
        AssertNamesField(await ProblemAsync(await both.GetAsync("/api/audit/events"), HttpStatusCode.BadRequest), "X-Casework-Tenant");
        await ProblemAsync(await Get("/api/audit/access-log", "cranborne"), HttpStatusCode.Forbidden);
    }
}
