using System.Net;
using System.Net.Http.Json;
using Casework.Audit;
using Casework.Auth;
using Casework.Cases;
using Casework.Directory;
using Casework.IntegrationTests.Api;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Casework.IntegrationTests.Api.AuthorizationKit;

namespace Casework.IntegrationTests.Store;

/// <summary>
/// The guarantees of EVENT-STORE.md, proved on Marten as the service configures it, against the real
/// PostgreSQL: racing writers, history that cannot be edited, reading as at a past instant.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class StoreGuaranteeTests(ApiFixture api)
{
    private IDocumentStore Store => api.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task A_case_told_in_summer_is_stored_with_its_deadline_columns_in_utc()
    {
        // A London deadline in summer falls at midnight +01:00; PostgreSQL's timestamptz columns take UTC only.
        var told = new DateTimeOffset(2026, 7, 14, 10, 0, 0, TimeSpan.FromHours(1));
        var id = Guid.CreateVersion7();
        await using (var session = Store.LightweightSession(ApiFixture.Tenant))
        {
            session.Events.StartStream<CaseRecord>(id, new Concerns.ConcernReported(School.Teacher, told,
                [new Concerns.PupilInvolved(School.Year8Pupil, Concerns.PupilRole.Victim)], Concerns.ConcernCategory.Other, "a", null, told.AddHours(-1), null));
            await session.SaveChangesAsync();
        }

        Assert.Equal("2026-07-15 23:00:00+00", await api.ScalarAsync<string>(
            $"select to_char(next_deadline at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00' from mt_doc_case_register where id = '{id}'"));
        Assert.Equal("2026-07-14 09:00:00+00", await api.ScalarAsync<string>(
            $"select to_char(reported_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00' from mt_doc_case_register where id = '{id}'"));
    }

    [Fact]
    public async Task Thirty_two_writers_racing_on_one_case_at_one_version_win_once_and_lose_nothing()
    {
        var concern = await ReportConcernAsync(api);
        var sessions = Enumerable.Range(0, 32).Select(_ => Store.LightweightSession(ApiFixture.Tenant)).ToList();
        var streams = new List<JasperFx.Events.IEventStream<CaseRecord>>();
        foreach (var session in sessions)
        {
            // Every writer has read version 1 before any of them commits.
            var stream = await session.Events.FetchForWriting<CaseRecord>(concern);
            Assert.Equal(1, stream.CurrentVersion);
            stream.AppendOne(new CaseTriaged(RiskLevel.Low, $"writer {streams.Count}"));
            streams.Add(stream);
        }

        var outcomes = await Task.WhenAll(sessions.Select(async s =>
        {
            try
            {
                await s.SaveChangesAsync();
                return "won";
            }
            catch (ConcurrencyException)
            {
                return "lost";
            }
            finally
            {
                await s.DisposeAsync();
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(31, outcomes.Count(o => o == "lost"));
        Assert.Equal("1,2", await api.ScalarAsync<string>($"select string_agg(version::text, ',' order by version) from mt_events where stream_id = '{concern}'"));
        Assert.Equal(2L, await api.ScalarAsync<long>($"select version from mt_streams where id = '{concern}'"));
        Assert.Equal(2L, await api.ScalarAsync<long>($"select (data->>'version')::bigint from mt_doc_case_register where id = '{concern}'"));
    }

    public static TheoryData<string> Tampering =>
    [
        "update mt_events set data = jsonb_set(data, '{rationale}', '\"changed\"') where stream_id = '{id}'",
        "update mt_events set type = 'case-closed' where stream_id = '{id}'",
        "update mt_events set version = version + 10 where stream_id = '{id}'",
        "update mt_events set timestamp = timestamp - interval '1 day' where stream_id = '{id}'",
        "update mt_events set stream_id = gen_random_uuid() where stream_id = '{id}'",
        "update mt_events set tenant_id = 'rainow' where stream_id = '{id}'",
        "delete from mt_events where stream_id = '{id}'",
        "truncate mt_events",
    ];

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task An_event_cannot_be_changed_or_deleted(string sql)
    {
        var concern = await ReportConcernAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(Triage(concern))).StatusCode);
        const string stored = "select string_agg(version || type || data::text || timestamp::text || tenant_id, '|' order by version) from mt_events where stream_id = '{id}'";
        var before = await api.ScalarAsync<string>(stored.Replace("{id}", concern.ToString()));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => api.ScalarAsync<object>(sql.Replace("{id}", concern.ToString())));

        Assert.Equal("CW003", refused.SqlState);
        Assert.Equal(before, await api.ScalarAsync<string>(stored.Replace("{id}", concern.ToString())));
    }

    [Fact]
    public async Task One_clock_an_event_is_stamped_with_the_services_clock_not_the_databases()
    {
        DateTimeOffset appended;
        Guid concern;
        using (api.Clock.Hold())
        {
            // Two seconds ahead of the database's clock, so a stamp from now() cannot pass for the service's.
            api.Clock.Advance(TimeSpan.FromSeconds(2));
            appended = api.Clock.GetUtcNow();
            concern = await ReportConcernAsync(api);
        }

        var stored = await api.ScalarAsync<DateTime>($"select timestamp from mt_events where stream_id = '{concern}' and version = 1");
        Assert.Equal(appended, new DateTimeOffset(stored));
        var page = (await api.ClientFor(School.Auditor, Role.Auditor.Name()).GetFromJsonAsync<AuditEventPage>(
            $"/api/audit/events?stream={concern}", CaseworkJsonOptions))!;
        Assert.Equal(appended, Assert.Single(page.Items).RecordedAt);
    }

    [Fact]
    public async Task A_case_and_the_directory_read_as_at_a_past_instant_are_as_the_school_knew_them()
    {
        var admin = api.ClientFor(School.Admin, Role.Admin.Name());
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        var pupil = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/directory/pupils/{pupil}",
            new { name = "Nia Nine", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-14), yearGroup = 9 })).StatusCode);
        var concern = (await (await api.ClientFor(School.Teacher, Role.Staff.Name()).PostAsJsonAsync("/api/concerns",
            ConcernBody(pupil))).Content.ReadFromJsonAsync<CaseView>(CaseworkJsonOptions))!.Id;
        var reported = api.Clock.GetUtcNow();
        api.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(concern))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/directory/pupils/{pupil}",
            new { name = "Nia Nine", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12), yearGroup = 7 })).StatusCode);

        var then = (await dsl.GetFromJsonAsync<CaseView>($"/api/cases/{concern}?asOf={Uri.EscapeDataString(reported.ToString("O"))}", CaseworkJsonOptions))!;
        var now = (await dsl.GetFromJsonAsync<CaseView>($"/api/cases/{concern}", CaseworkJsonOptions))!;
        Assert.Equal(1, then.Version);
        Assert.Equal(2, now.Version);
        Assert.Contains(CaseAction.Triage, then.AllowedActions);

        await using var session = Store.QuerySession(ApiFixture.Tenant);
        var pupilThen = await session.Events.AggregateStreamAsync<Person>(pupil, timestamp: reported);
        var pupilNow = await session.LoadAsync<Person>(pupil);
        Assert.Equal(9, pupilThen!.Pupil!.YearGroup);
        Assert.Equal(7, pupilNow!.Pupil!.YearGroup);
    }

    [Fact]
    public async Task Directory_changes_to_different_people_in_parallel_never_conflict()
    {
        var admin = api.ClientFor(School.Admin, Role.Admin.Name());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => admin.PutAsJsonAsync($"/api/directory/pupils/{Guid.NewGuid()}",
            new { name = $"Pupil {i}", dateOfBirth = today.AddYears(-12), yearGroup = 7 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task A_directory_put_with_a_stale_if_match_is_409_and_records_nothing()
    {
        var admin = api.ClientFor(School.Admin, Role.Admin.Name());
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/directory/staff/{School.Teacher}")
        {
            Content = JsonContent.Create(new { name = "Tom Teacher", roles = new[] { "staff", "dsl" } }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        var trace = new RequestTrace();

        var problem = await ProblemAsync(await trace.Tag(admin).SendAsync(stale), HttpStatusCode.Conflict);

        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(0L, await trace.EventsAsync(api));
        Assert.Equal(1L, await api.ScalarAsync<long>($"select version from mt_streams where id = '{School.Teacher}' and tenant_id = '{ApiFixture.Tenant}'"));
    }

    [Fact]
    public async Task A_bulk_import_loads_a_school_in_one_request_and_a_repeat_records_nothing()
    {
        var admin = api.ClientFor(School.Admin, Role.Admin.Name());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var pupils = Enumerable.Range(0, 200).Select(i => new { id = Guid.NewGuid(), pupil = new { name = $"Pupil {i}", dateOfBirth = today.AddYears(-12), yearGroup = 7 } }).ToList();
        var parent = new { id = Guid.NewGuid(), parent = new { name = "Pat Parent", pupilIds = new[] { pupils[0].id } } };
        var body = new { people = pupils.Cast<object>().Append(parent).ToArray() };

        var first = await admin.PostAsJsonAsync("/api/directory/import", body);
        var again = await admin.PostAsJsonAsync("/api/directory/import", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(201, (await first.Content.ReadFromJsonAsync<DirectoryImportResult>(CaseworkJsonOptions))!.Changed);
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<DirectoryImportResult>(CaseworkJsonOptions))!.Changed);
    }

    [Fact]
    public async Task A_bulk_import_with_one_bad_row_stores_nothing_and_names_the_row()
    {
        var admin = api.ClientFor(School.Admin, Role.Admin.Name());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var good = new { id = Guid.NewGuid(), pupil = new { name = "Good Pupil", dateOfBirth = today.AddYears(-12), yearGroup = 7 } };
        var bad = new { id = Guid.NewGuid(), pupil = new { name = "Born Tomorrow", dateOfBirth = today.AddDays(1), yearGroup = 7 } };
        var trace = new RequestTrace();

        var problem = await ProblemAsync(await trace.Tag(admin).PostAsJsonAsync("/api/directory/import", new { people = new[] { good, bad } }), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("people[1].pupil.dateOfBirth", out _), problem.ToString());
        Assert.Equal(0L, await trace.EventsAsync(api));
        Assert.Equal(0L, await StreamEventCountAsync(api, good.id));
    }

    private static readonly System.Text.Json.JsonSerializerOptions CaseworkJsonOptions = Casework.Http.CaseworkJson.Options;
}
