using System.Diagnostics;
using System.Net;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// How far a command travels: counted from Npgsql's own activities (one per command or batch sent), beneath the
/// request's span. An action is one load (the case, its people and the key, batched) and one commit; a case view is one
/// load and the commit of its access-log row.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class RoundTripTests(ApiFixture api)
{
    [Fact]
    public async Task A_triage_is_two_round_trips_one_load_and_one_commit()
    {
        var caseId = await ReportConcernAsync(api);
        var triaged = await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(Triage(caseId));
        Assert.Equal(HttpStatusCode.OK, triaged.StatusCode);

        var statements = await DatabaseSpansAsync($"/api/cases/{caseId}/triage");
        Assert.True(statements.Count == 2, "A triage sent: " + string.Join(" | ", statements));
    }

    [Fact]
    public async Task A_keyed_triage_is_two_round_trips_too()
    {
        var caseId = await ReportConcernAsync(api);
        var request = Triage(caseId);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var triaged = await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, triaged.StatusCode);

        var statements = await DatabaseSpansAsync($"/api/cases/{caseId}/triage");
        Assert.True(statements.Count == 2, "A keyed triage sent: " + string.Join(" | ", statements));
    }

    /// <summary>
    /// ADR 49: a report that alerts the DSL and the deputies finds them in the load that decided it (everyone who manages
    /// cases is read with the people it names), so its alerts cost no load of their own.
    /// </summary>
    [Fact]
    public async Task A_report_that_alerts_the_DSL_is_two_round_trips_one_load_and_one_commit()
    {
        var before = DateTime.UtcNow;
        await ReportConcernAsync(api);

        var statements = await DatabaseSpansAsync("/api/concerns", before);
        Assert.True(statements.Count == 2, "A report sent: " + string.Join(" | ", statements));
    }

    [Fact]
    public async Task A_case_view_is_two_round_trips_one_load_and_the_access_log_commit()
    {
        var caseId = await ReportConcernAsync(api);
        var viewed = await api.ClientFor(School.Dsl, Role.Dsl.Name()).GetAsync($"/api/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, viewed.StatusCode);

        var statements = await DatabaseSpansAsync($"/api/cases/{caseId}");
        Assert.True(statements.Count == 2, "A case view sent: " + string.Join(" | ", statements));
    }

    /// <summary>
    /// API.md: every action answers in one order, so no answer reveals more than the one before it allows: a case the
    /// caller may not see is 404 whatever else is wrong; its reporter is 403 before any version check; then a missing
    /// If-Match is 428, a malformed one 400, a stale one 409.
    /// </summary>
    [Fact]
    public async Task Every_action_refuses_in_one_order_404_then_403_then_428_or_400_then_409()
    {
        var caseId = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        var reporter = api.ClientFor(School.Teacher, Role.Staff.Name());
        var stranger = api.ClientFor(School.OtherTeacher, Role.Staff.Name());

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(Triage(caseId, ifMatch: null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dsl.SendAsync(Triage(Guid.NewGuid(), ifMatch: null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.SendAsync(Triage(caseId, ifMatch: "\"9\""))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await dsl.SendAsync(Triage(caseId, ifMatch: null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dsl.SendAsync(Triage(caseId, ifMatch: "W/\"1\""))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await dsl.SendAsync(Triage(caseId, ifMatch: "\"9\""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(caseId))).StatusCode);
    }

    // Npgsql's activities beneath the request's server span: each is one command or batch, one round trip.
    private async Task<List<string>> DatabaseSpansAsync(string path, DateTime? since = null)
    {
        var request = await api.Spans.SingleAsync(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == path && s.StartTimeUtc >= (since ?? DateTime.MinValue));
        var spans = api.Spans.ToArray();
        return [.. spans.Where(s => s.TraceId == request.TraceId && s.Source.Name == "Npgsql")
            .OrderBy(s => s.StartTimeUtc)
            .Select(s => s.DisplayName + ":" + (s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement")))];
    }
}
