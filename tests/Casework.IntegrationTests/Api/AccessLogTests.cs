using System.Net;
using System.Net.Http.Json;
using Casework.Audit;
using Casework.Auth;
using Casework.Http;
using Casework.Registers;
using Npgsql;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// DOMAIN.md "Audit and history": every read of case content records who, when, what and how; a read that
/// shows nothing records nothing; and the log itself is append-only.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class AccessLogTests(ApiFixture api)
{
    private sealed record Row(string Tenant, Guid Actor, string[] Roles, Guid[] Cases, string How, DateTimeOffset? AsOf, DateTimeOffset ReadAt, string? Trace);

    private async Task<List<Row>> RowsAsync(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString + ";Search Path=" + api.Schema);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select tenant_id, (data->>'actorId')::uuid, array(select jsonb_array_elements_text(data->'actorRoles')), cases, data->>'how', " +
            "(data->>'asOf')::timestamptz, (data->>'readAt')::timestamptz, data->>'traceId' from mt_doc_case_reads where cases @> array[@case] order by read_at, id", connection);
        command.Parameters.AddWithValue("case", caseId);
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<Guid[]>(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return rows;
    }

    [Fact]
    public async Task A_case_view_writes_exactly_one_row_saying_who_what_and_how()
    {
        var concern = await ReportConcernAsync(api);
        var before = api.Clock.GetUtcNow();

        var response = await api.ClientFor(School.Dsl, [Role.Dsl.Name(), Role.Staff.Name()]).GetAsync($"/api/cases/{concern}");
        var after = api.Clock.GetUtcNow();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await RowsAsync(concern));
        Assert.Equal(ApiFixture.Tenant, row.Tenant);
        Assert.Equal(School.Dsl, row.Actor);
        Assert.Equal([Role.Dsl.Name(), Role.Staff.Name()], row.Roles);
        Assert.Equal([concern], row.Cases);
        Assert.Equal("view", row.How);
        Assert.Null(row.AsOf);
        // Read by the service's clock; PostgreSQL keeps microseconds.
        Assert.InRange(row.ReadAt, before.AddTicks(-10), after);
        Assert.False(string.IsNullOrEmpty(row.Trace));
    }

    [Fact]
    public async Task A_timeline_read_writes_exactly_one_row_with_how_timeline()
    {
        var concern = await ReportConcernAsync(api);

        var response = await api.ClientFor(School.Auditor, Role.Auditor.Name()).GetAsync($"/api/cases/{concern}/timeline");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await RowsAsync(concern));
        Assert.Equal(School.Auditor, row.Actor);
        Assert.Equal([Role.Auditor.Name()], row.Roles);
        Assert.Equal("timeline", row.How);
    }

    [Fact]
    public async Task Each_read_is_its_own_row()
    {
        var concern = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());

        await dsl.GetAsync($"/api/cases/{concern}");
        await dsl.GetAsync($"/api/cases/{concern}");
        await dsl.GetAsync($"/api/cases/{concern}/timeline");
        await api.ClientFor(School.Teacher, Role.Staff.Name()).GetAsync($"/api/cases/{concern}");

        var rows = await RowsAsync(concern);
        Assert.Equal(["view", "view", "timeline", "view"], rows.Select(r => r.How));
        Assert.Equal([School.Dsl, School.Dsl, School.Dsl, School.Teacher], rows.Select(r => r.Actor));
    }

    [Fact]
    public async Task A_read_as_of_an_instant_records_the_instant()
    {
        var concern = await ReportConcernAsync(api);
        var asOf = api.Clock.GetUtcNow().AddYears(-1).ToOffset(TimeSpan.FromHours(1));
        var query = Uri.EscapeDataString(asOf.ToString("O"));
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());

        await dsl.GetAsync($"/api/cases/{concern}?asOf={query}");
        await dsl.GetAsync($"/api/cases/{concern}/timeline?asOf={Uri.EscapeDataString(api.Clock.GetUtcNow().ToString("O"))}");

        var rows = await RowsAsync(concern);
        // Before the case existed nothing is shown, so only the timeline read (as of now) is logged.
        Assert.Equal(["timeline"], rows.Select(r => r.How));
        Assert.NotNull(rows[0].AsOf);

        var now = api.Clock.GetUtcNow();
        await dsl.GetAsync($"/api/cases/{concern}?asOf={Uri.EscapeDataString(now.ToString("O"))}");
        var view = (await RowsAsync(concern)).Last();
        Assert.Equal("view", view.How);
        Assert.Equal(now.ToUnixTimeMilliseconds(), view.AsOf!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_404_read_writes_no_row()
    {
        var concern = await ReportConcernAsync(api);
        var missing = Guid.NewGuid();
        var trace = new RequestTrace();

        Assert.Equal(HttpStatusCode.NotFound, (await trace.Tag(api.ClientFor(School.OtherTeacher, Role.Staff.Name())).GetAsync($"/api/cases/{concern}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trace.Tag(api.ClientFor(School.Admin, Role.Admin.Name())).GetAsync($"/api/cases/{concern}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trace.Tag(api.ClientFor(School.Dsl, Role.Dsl.Name(), ApiFixture.OtherTenant)).GetAsync($"/api/cases/{concern}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trace.Tag(api.ClientFor(School.Dsl, Role.Dsl.Name())).GetAsync($"/api/cases/{missing}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await trace.Tag(ClientWithToken(api, null)).GetAsync($"/api/cases/{concern}")).StatusCode);

        Assert.Equal(0L, await trace.ReadsAsync(api));
        Assert.Empty(await RowsAsync(concern));
        Assert.Empty(await RowsAsync(missing));
    }

    [Fact]
    public async Task A_multi_school_reader_is_logged_in_the_school_they_chose()
    {
        var concern = await ReportConcernAsync(api);
        var auditor = api.ClientFor(School.Auditor, Role.Auditor.Name(), ApiFixture.Tenant, ApiFixture.OtherTenant);

        var response = await auditor.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{concern}") { Headers = { { "X-Casework-Tenant", ApiFixture.Tenant } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ApiFixture.Tenant, Assert.Single(await RowsAsync(concern)).Tenant);
    }

    [Fact]
    public async Task An_action_answers_with_the_case_and_its_event_is_the_record_of_that_read_with_no_row_of_its_own()
    {
        var concern = await ReportConcernAsync(api);
        var trace = new RequestTrace();

        Assert.Equal(HttpStatusCode.OK, (await trace.Tag(api.ClientFor(School.Dsl, Role.Dsl.Name())).SendAsync(Triage(concern))).StatusCode);

        Assert.Empty(await RowsAsync(concern));
        var log = await (await api.ClientFor(School.Auditor, Role.Auditor.Name()).GetAsync($"/api/audit/access-log?case={concern}"))
            .Content.ReadAsync<AccessLogPage>();
        var act = log!.Items.Last();
        Assert.Equal(("act", "case-triaged", School.Dsl, $"case/{concern}"), (act.How, act.Event, act.ActorId!.Value, act.What));
        Assert.Equal([Role.Dsl.Name()], act.ActorRoles);
        Assert.Equal(trace.Id, act.TraceId);
    }

    [Fact]
    public async Task A_register_page_writes_one_row_naming_every_case_it_shows()
    {
        for (var i = 0; i < 3; i++)
        {
            await ReportConcernAsync(api);
        }
        var trace = new RequestTrace();

        var page = (await (await trace.Tag(api.ClientFor(School.Dsl, Role.Dsl.Name())).GetAsync("/api/registers/dsl-queue?limit=3"))
            .Content.ReadAsync<RegisterPage<DslQueueRow>>())!;

        Assert.Equal(3, page.Items.Count);
        Assert.Equal(1L, await trace.ReadsAsync(api));
        var row = Assert.Single(await RowsAsync(page.Items[0].CaseId), r => r.Trace == trace.Id);
        Assert.Equal(("register:dsl-queue", School.Dsl), (row.How, row.Actor));
        Assert.Equal(page.Items.Select(r => r.CaseId), row.Cases);
    }

    public static TheoryData<string> Tampering =>
    [
        "update mt_doc_case_reads set data = jsonb_set(data, '{actorId}', to_jsonb(gen_random_uuid()::text))",
        "update mt_doc_case_reads set data = jsonb_set(data, '{how}', '\"nothing\"')",
        "delete from mt_doc_case_reads",
        "truncate mt_doc_case_reads",
    ];

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task The_access_log_refuses_update_delete_and_truncate(string sql)
    {
        var concern = await ReportConcernAsync(api);
        await api.ClientFor(School.Dsl, Role.Dsl.Name()).GetAsync($"/api/cases/{concern}");
        var before = await RowsAsync(concern);
        Assert.Single(before);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => api.ScalarAsync<object>(sql));

        Assert.Equal("CW003", refused.SqlState);
        Assert.Equal(before, await RowsAsync(concern), new RowComparer());
    }

    private sealed class RowComparer : IEqualityComparer<Row>
    {
        public bool Equals(Row? x, Row? y) => x is not null && y is not null && x with { Roles = [], Cases = [] } == y with { Roles = [], Cases = [] }
            && x.Roles.SequenceEqual(y.Roles) && x.Cases.SequenceEqual(y.Cases);

        public int GetHashCode(Row obj) => obj.How.GetHashCode(StringComparison.Ordinal);
    }
}
