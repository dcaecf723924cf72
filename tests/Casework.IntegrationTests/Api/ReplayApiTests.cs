using System.Net;
using System.Net.Http.Json;
using Casework.Audit;
using Casework.Auth;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// DOMAIN.md "Replay": every register rebuilt from the events in a fresh schema matches the live one, and a row
/// that does not is reported (by table, school, id and member names), nothing else. The suite's store is shared:
/// a test that corrupts a row puts it back before it ends.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class ReplayApiTests(ApiFixture api)
{
    private static readonly string[] Registers = ["mt_doc_case_register", "mt_doc_person"];

    private static async Task<ReplayReport> ReplayAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/audit/replay", body ?? ReplayRequest.Example);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{Describe(response)}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsync<ReplayReport>())!;
    }

    private HttpClient Auditor(string tenant = ApiFixture.Tenant) => api.ClientFor(School.Auditor, Role.Auditor.Name(), tenant);

    private Task<long> CountAsync(string sql, string tenant) => api.ScalarAsync<long>(sql.Replace("@tenant", $"'{tenant}'", StringComparison.Ordinal));

    /// <summary>Corrupts the case's register row while <paramref name="check"/> runs, then puts it back as it was.</summary>
    private async Task WhileCorruptedAsync(Guid caseId, Func<Task> check)
    {
        var original = await api.ScalarAsync<string>($"select data::text from mt_doc_case_register where id = '{caseId}'");
        await api.ScalarAsync<object>($"update mt_doc_case_register set data = jsonb_set(data, '{{version}}', '999') where id = '{caseId}' returning 1");
        try
        {
            await check();
        }
        finally
        {
            await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString + ";Search Path=" + api.Schema);
            await connection.OpenAsync();
            await using var restore = new NpgsqlCommand("update mt_doc_case_register set data = $1::jsonb where id = $2", connection);
            restore.Parameters.Add(new NpgsqlParameter { Value = original });
            restore.Parameters.Add(new NpgsqlParameter { Value = caseId });
            Assert.Equal(1, await restore.ExecuteNonQueryAsync());
        }
    }

    [Fact]
    public async Task A_clean_store_replays_with_no_difference()
    {
        var concern = await ReportConcernAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(Triage(concern))).StatusCode);
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);

        // An empty body asks for the default number of differences listed.
        var report = await ReplayAsync(Auditor(), new { });

        Assert.Empty(report.Differences);
        Assert.Equal(await CountAsync("select count(*) from mt_events where tenant_id = @tenant", ApiFixture.Tenant), report.EventsReplayed);
        Assert.Equal(Registers, report.Tables.Select(t => t.Name));
        foreach (var table in report.Tables)
        {
            var live = await CountAsync($"select count(*) from {table.Name} where tenant_id = @tenant", ApiFixture.Tenant);
            Assert.Equal((live, live, 0L), (table.LiveRows, table.ReplayedRows, table.Differences));
            Assert.True(live > 0, table.Name);
        }
        Assert.InRange(report.StartedAt, started, report.FinishedAt);
    }

    [Fact]
    public async Task After_a_replay_the_live_store_works_as_before()
    {
        var concern = await ReportConcernAsync(api);
        var registerBefore = await api.ScalarAsync<long>("select count(*) from mt_doc_case_register");

        await ReplayAsync(Auditor());

        Assert.Equal(registerBefore, await api.ScalarAsync<long>("select count(*) from mt_doc_case_register"));
        var triaged = await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(Triage(concern));
        Assert.True(triaged.StatusCode == HttpStatusCode.OK, $"{Describe(triaged)}: {await triaged.Content.ReadAsStringAsync()}");
        Assert.Equal(2L, await StreamEventCountAsync(api, concern));
    }

    [Fact]
    public async Task A_corrupted_register_row_is_the_one_difference_reported()
    {
        var concern = await ReportConcernAsync(api);

        await WhileCorruptedAsync(concern, async () =>
        {
            var report = await ReplayAsync(Auditor());

            var difference = Assert.Single(report.Differences);
            Assert.Equal(new ReplayDifference("mt_doc_case_register", ApiFixture.Tenant, concern.ToString(), "differs", ["version"]),
                difference, new DifferenceComparer());
            Assert.Equal([1L, 0L], report.Tables.Select(t => t.Differences));
        });

        Assert.Empty((await ReplayAsync(Auditor())).Differences);
    }

    [Fact]
    public async Task A_replay_covers_only_the_auditors_school()
    {
        var ours = await ReportConcernAsync(api);
        await ReportConcernAsync(api, tenant: ApiFixture.OtherTenant);

        await WhileCorruptedAsync(ours, async () =>
        {
            var theirs = await ReplayAsync(Auditor(ApiFixture.OtherTenant));

            Assert.Empty(theirs.Differences);
            Assert.Equal(await CountAsync("select count(*) from mt_events where tenant_id = @tenant", ApiFixture.OtherTenant), theirs.EventsReplayed);
            var register = theirs.Tables.Single(t => t.Name == "mt_doc_case_register");
            Assert.Equal(await CountAsync("select count(*) from mt_doc_case_register where tenant_id = @tenant", ApiFixture.OtherTenant), register.LiveRows);
        });
    }

    [Fact]
    public async Task Every_school_is_replayed_when_none_is_named_as_the_command_does_and_the_fresh_schema_is_dropped()
    {
        var concern = await ReportConcernAsync(api);
        var replay = new RegisterReplay(api.Services.GetRequiredService<IDocumentStore>(), api.Services.GetRequiredService<NpgsqlDataSource>(),
            TimeProvider.System, NullLogger.Instance);

        await WhileCorruptedAsync(concern, async () =>
        {
            var report = await replay.RunAsync(null, 10, CancellationToken.None);

            Assert.Equal(await api.ScalarAsync<long>("select count(*) from mt_events"), report.EventsReplayed);
            Assert.Equal(await api.ScalarAsync<long>("select count(*) from mt_doc_case_register"), report.Tables[0].LiveRows);
            Assert.Equal(concern.ToString(), Assert.Single(report.Differences).Id);
        });

        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from pg_namespace where nspname like '{api.Schema}_replay_%'"));
    }

    [Fact]
    public async Task A_second_replay_while_one_runs_is_409()
    {
        // Another replay holds the store's replay lock (as one in another process or instance would).
        await using var other = new NpgsqlConnection(TestDatabase.ConnectionString);
        await other.OpenAsync();
        await using (var hold = new NpgsqlCommand($"select pg_advisory_lock(hashtext('casework-replay:{api.Schema}'))", other))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var response = await Auditor().PostAsJsonAsync("/api/audit/replay", ReplayRequest.Example);

        await ProblemAsync(response, HttpStatusCode.Conflict);
        await using (var release = new NpgsqlCommand($"select pg_advisory_unlock(hashtext('casework-replay:{api.Schema}'))", other))
        {
            await release.ExecuteNonQueryAsync();
        }
        Assert.Empty((await ReplayAsync(Auditor())).Differences);
    }

    [Theory]
    [InlineData("""{"maxDifferences":0}""", "maxDifferences")]
    [InlineData("""{"maxDifferences":1001}""", "maxDifferences")]
    [InlineData("""{"maxDifferences":"all"}""", "maxDifferences")]
    public async Task A_bad_replay_request_is_400_naming_the_field(string body, string field)
    {
        var response = await Auditor().PostAsync("/api/audit/replay", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        AssertNamesField(await ProblemAsync(response, HttpStatusCode.BadRequest), field);
    }

    [Fact]
    public async Task The_differences_listed_are_capped_but_all_counted()
    {
        var first = await ReportConcernAsync(api);
        var second = await ReportConcernAsync(api);

        await WhileCorruptedAsync(first, () => WhileCorruptedAsync(second, async () =>
        {
            var report = await ReplayAsync(Auditor(), new ReplayRequest(1));

            Assert.Single(report.Differences);
            Assert.Equal(2L, report.Tables.Single(t => t.Name == "mt_doc_case_register").Differences);
        }));
    }

    private sealed class DifferenceComparer : IEqualityComparer<ReplayDifference>
    {
        public bool Equals(ReplayDifference? x, ReplayDifference? y) =>
            x is not null && y is not null && x with { Members = [] } == y with { Members = [] } && x.Members.SequenceEqual(y.Members);

        public int GetHashCode(ReplayDifference obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
