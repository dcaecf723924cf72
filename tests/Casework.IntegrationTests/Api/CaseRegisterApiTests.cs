using System.Net;
using System.Net.Http.Json;
using Casework.Cases;
using Marten;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Casework.IntegrationTests.Api;

[Collection(ApiSuite.Name)]
public sealed class CaseRegisterApiTests(ApiFixture api)
{
    private async Task<Guid> ReportConcern(Guid reporter, string role)
    {
        var response = await api.ClientFor(reporter, role).PostAsJsonAsync("/api/concerns", new
        {
            pupils = new[] { new { pupilId = School.Year8Pupil, role = "victim" } },
            category = "online-safety",
            account = "Shown a video unsuitable for his age by an older pupil.",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadAsync<CaseView>())!.Id;
    }

    private async Task<CaseRegisterPage> List(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/cases" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsync<CaseRegisterPage>())!;
    }

    /// <summary>Every row the caller may see, page by page: the shared host holds the cases of every test.</summary>
    private async Task<List<CaseRegisterRow>> ListAll(HttpClient client, string filter = "")
    {
        var rows = new List<CaseRegisterRow>();
        for (var page = await List(client, $"?limit=200{filter}"); ; page = await List(client, $"?limit=200{filter}&after={page.Next}"))
        {
            rows.AddRange(page.Items);
            if (page.Next is null)
            {
                return rows;
            }
        }
    }

    [Fact]
    public async Task The_dsl_filters_the_register_by_kind_status_manager_and_overdue()
    {
        var open = await ReportConcern(School.Teacher, "staff");
        var closed = await ReportConcern(School.Teacher, "staff");
        var dsl = api.ClientFor(School.Dsl, "dsl");
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(AuthorizationKit.Triage(closed, "\"1\""))).StatusCode);
        var close = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{closed}/close")
        {
            Content = JsonContent.Create(new { summary = "Resolved.", rationale = "Parents met; it stopped." }),
        };
        close.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(close)).StatusCode);

        var openRows = await ListAll(dsl, "&status=open");
        var closedRows = await ListAll(dsl, "&status=closed");
        var dslRows = await ListAll(dsl, "&managedBy=dsl&kind=concern");
        var notOverdue = await ListAll(dsl, "&overdue=false");

        Assert.Contains(openRows, r => r.Id == open);
        Assert.DoesNotContain(openRows, r => r.Id == closed);
        Assert.All(openRows, r => Assert.Equal("open", r.Status));
        Assert.Contains(closedRows, r => r.Id == closed);
        Assert.All(closedRows, r => Assert.Equal("closed", r.Status));
        Assert.Contains(dslRows, r => r.Id == open);
        Assert.All(dslRows, r => Assert.Equal(("concern", "dsl"), (r.Kind, r.ManagedBy)));
        Assert.Contains(notOverdue, r => r.Id == open);
        Assert.All(notOverdue, r => Assert.False(r.Overdue));
    }

    [Fact]
    public async Task R2_the_dsl_lists_every_concern_and_a_reporter_only_their_own_report()
    {
        var mine = await ReportConcern(School.Teacher, "staff");
        var theirs = await ReportConcern(School.OtherTeacher, "staff");

        var dsl = await ListAll(api.ClientFor(School.Dsl, "dsl"), "&kind=concern");
        var teacher = await ListAll(api.ClientFor(School.Teacher, "staff"));

        Assert.Contains(dsl, r => r.Id == mine && r.Visibility == CaseVisibility.Full && r.Status == "open");
        Assert.Contains(dsl, r => r.Id == theirs);
        var own = Assert.Single(teacher, r => r.Id == mine);
        Assert.Equal(CaseVisibility.OwnReport, own.Visibility);
        Assert.Null(own.Status);
        Assert.DoesNotContain(teacher, r => r.Id == theirs);
    }

    [Fact]
    public async Task The_register_is_paged_by_case_id_and_never_unbounded()
    {
        for (var i = 0; i < 5; i++)
        {
            await ReportConcern(School.Teacher, "staff");
        }
        var dsl = api.ClientFor(School.Dsl, "dsl");

        var first = await List(dsl, "?limit=2");
        var second = await List(dsl, $"?limit=2&after={first.Next}");

        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Next);
        Assert.Equal(2, second.Items.Count);
        Assert.True(first.Items[^1].Id.CompareTo(second.Items[0].Id) < 0);
        Assert.Equal(HttpStatusCode.BadRequest, (await dsl.GetAsync("/api/cases?limit=500")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dsl.GetAsync("/api/cases?kind=burglary")).StatusCode);
    }

    [Fact]
    public async Task Every_register_row_shown_is_recorded_in_the_access_log_one_row_per_page()
    {
        var concern = await ReportConcern(School.Teacher, "staff");

        var trace = new RequestTrace();

        var rows = await ListAll(trace.Tag(api.ClientFor(School.Dsl, "dsl")));

        Assert.Contains(rows, r => r.Id == concern);
        Assert.Equal(1L, await api.ScalarAsync<long>(
            $"select count(*) from mt_doc_case_reads where cases @> array['{concern}'::uuid] and data->>'how' = 'list' and data->>'traceId' = '{trace.Id}'"));
        // One row per page (ADR 19), naming every case the page showed.
        Assert.Equal((rows.Count + 199) / 200, await trace.ReadsAsync(api));
        Assert.Equal(rows.Count, await api.ScalarAsync<long>(
            $"select coalesce(sum(cardinality(cases)), 0) from mt_doc_case_reads where data->>'traceId' = '{trace.Id}'"));
    }

    [Fact]
    public async Task A_rebuild_of_the_register_matches_the_rows_written_inline()
    {
        await ReportConcern(School.Teacher, "staff");
        var triaged = await ReportConcern(School.OtherTeacher, "staff");
        var dsl = api.ClientFor(School.Dsl, "dsl");
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(AuthorizationKit.Triage(triaged, "\"1\""))).StatusCode);
        const string rows = "select string_agg(tenant_id || ' ' || id || ' ' || data::text, E'\\n' order by tenant_id, id) from mt_doc_case_register";
        var inline = await api.ScalarAsync<string>(rows);

        // A rebuild in place truncates the register: an operator's job, as the schema's owner, never the service's (ADR 15).
        await using var owner = Casework.Operations.StoreSetup.DataSource(TestDatabase.ConnectionString);
        using var store = DocumentStore.For(options => Casework.Operations.StoreSetup.Configure(options, owner, api.Schema));
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<CaseRecordProjection>(CancellationToken.None);

        Assert.Equal(inline, await api.ScalarAsync<string>(rows));
        Assert.True(await api.ScalarAsync<long>("select count(*) from mt_doc_case_register") >= 2);
    }

    [Fact]
    public async Task Each_row_names_the_people_to_those_who_see_the_case_in_full_and_to_its_reporter_but_shows_the_risk_only_to_the_first()
    {
        var id = await ReportConcern(School.Teacher, "staff");
        var dsl = api.ClientFor(School.Dsl, "dsl");
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(AuthorizationKit.Triage(id, "\"1\"", risk: "high"))).StatusCode);

        var seen = (await ListAll(dsl)).Single(r => r.Id == id);
        Assert.Equal([new Casework.Registers.PersonName(School.Year8Pupil, "Ezra Eight")], seen.People);
        Assert.Equal(RiskLevel.High, seen.Risk);

        // The reporter named the pupil, so their list names them (as their case view does); what others did stays hidden.
        var reporter = (await ListAll(api.ClientFor(School.Teacher, "staff"))).Single(r => r.Id == id);
        Assert.Equal(CaseVisibility.OwnReport, reporter.Visibility);
        Assert.Equal([new Casework.Registers.PersonName(School.Year8Pupil, "Ezra Eight")], reporter.People);
        Assert.Null(reporter.Risk);
        Assert.Null(reporter.Status);
        Assert.Null(reporter.NextDeadline);
    }

    [Fact]
    public async Task Visibility_own_report_lists_the_reports_made_that_others_manage_filtered_before_the_page_is_cut()
    {
        // The DSL reports an allegation about a teacher (the head manages it) behind as many concerns they manage as a page holds.
        var dsl = api.ClientFor(School.Dsl, "dsl");
        var allegation = await dsl.PostAsJsonAsync("/api/allegations", new
        {
            subjectId = School.OtherTeacher, account = "Messaged a pupil late at night on a personal account.",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-3), indecentImagesFound = false, unsuitableMaterialFound = false,
        });
        Assert.Equal(HttpStatusCode.Created, allegation.StatusCode);
        var reported = (await allegation.Content.ReadAsync<CaseView>())!.Id;
        for (var i = 0; i < 3; i++)
        {
            await ReportConcern(School.Dsl, "dsl");
        }

        var own = await ListAll(dsl, "&visibility=own-report");
        var row = Assert.Single(own, r => r.Id == reported);
        Assert.All(own, r => Assert.Equal(CaseVisibility.OwnReport, r.Visibility));
        Assert.Contains(row.People!, p => p.Id == School.OtherTeacher && p.Name is not null);
        // A page of one is the first own report, not the first case seen and then dropped.
        var first = await List(dsl, "?visibility=own-report&limit=1");
        Assert.Equal(CaseVisibility.OwnReport, Assert.Single(first.Items).Visibility);

        var bad = await dsl.GetAsync("/api/cases?visibility=everything");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("visibility", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
