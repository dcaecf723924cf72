using System.Net;
using System.Net.Http.Json;
using Alba;
using Casework.Audit;
using Casework.Auth;
using Casework.Allegations;
using Casework.Cases;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// ADR 33: every event and access-log row sealed into its school's chain; verify names what a database superuser
/// changed or deleted, and an exported checkpoint catches a store rewritten and re-chained. A service and schema of
/// their own (<see cref="TamperedStore"/>), since what they tamper with would break the suite's replays; each test works
/// in a school of its own, so what one tampers with is no other's chain.
/// </summary>
public sealed class SealedChainTests(SealedChainTests.TamperedStore store) : IClassFixture<SealedChainTests.TamperedStore>
{
    public sealed class TamperedStore : IAsyncLifetime
    {
        public ApiFixture Api { get; } = new();

        public Task InitializeAsync() => Api.InitializeAsync();

        public Task DisposeAsync() => Api.DisposeAsync();
    }

    private readonly ApiFixture api = store.Api;

    private async Task<string> NewSchoolAsync()
    {
        var school = "seal" + Guid.NewGuid().ToString("N")[..10];
        await School.SeedAsync(api, school);
        return school;
    }

    private HttpClient Auditor(string school) => api.ClientFor(School.Auditor, Role.Auditor.Name(), school);

    /// <summary>Two concerns, one triaged, one read by the DSL (an access-log row): the case ids.</summary>
    private async Task<Guid[]> SomeHistoryAsync(string school)
    {
        var first = await ReportConcernAsync(api, tenant: school);
        var second = await ReportConcernAsync(api, tenant: school);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name(), school);
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(first))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync($"/api/cases/{second}")).StatusCode);
        await SealAsync();
        return [first, second];
    }

    private Task SealAsync() => api.Services.GetRequiredService<SealChain>().SealPendingAsync(full: true, default, waitForOtherSealer: true);

    private static async Task<VerifyReport> VerifyAsync(HttpClient client, SignedCheckpoint? checkpoint = null)
    {
        var response = checkpoint is null
            ? await client.GetAsync("/api/audit/verify")
            : await client.PostAsJsonAsync("/api/audit/verify", new VerifyRequest(checkpoint), Casework.Http.CaseworkJson.Options);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{Describe(response)}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsync<VerifyReport>())!;
    }

    private static async Task<CheckpointExport> CheckpointAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/audit/checkpoint");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{Describe(response)}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsync<CheckpointExport>())!;
    }

    /// <summary>As the schema's owner, with the append-only triggers off for the statement, as a superuser could.</summary>
    private async Task<int> AsSuperuserAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString + ";Search Path=" + api.Schema);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var off = new NpgsqlCommand("alter table mt_events disable trigger user; alter table mt_doc_case_reads disable trigger user; alter table casework_seal disable trigger user", connection, transaction);
        await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        var changed = await command.ExecuteNonQueryAsync();
        await using var on = new NpgsqlCommand("alter table mt_events enable trigger user; alter table mt_doc_case_reads enable trigger user; alter table casework_seal enable trigger user", connection, transaction);
        await on.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return changed;
    }

    private Task<long> SeqOfAsync(Guid stream, int version) =>
        api.ScalarAsync<long>($"select seq_id from mt_events where stream_id = '{stream}' and version = {version}");

    private Task<long> CountAsync(string table, string school) =>
        api.ScalarAsync<long>($"select count(*) from {table} where tenant_id = '{school}'");

    [Fact]
    public async Task An_untouched_store_verifies_clean_with_every_event_and_access_log_row_sealed_once()
    {
        var school = await NewSchoolAsync();
        await SomeHistoryAsync(school);

        var report = await VerifyAsync(Auditor(school));

        Assert.True(report.Intact, string.Join(", ", report.Findings));
        Assert.Empty(report.Findings);
        var events = await CountAsync("mt_events", school);
        var reads = await CountAsync("mt_doc_case_reads", school);
        Assert.Equal((events, reads, events + reads), (report.EventsChecked, report.AccessReadsChecked, report.Seals));
        Assert.True(reads > 0);
        Assert.Equal(events + reads, await CountAsync("casework_seal", school));
    }

    [Fact]
    public async Task Verify_names_an_event_a_superuser_altered_and_one_they_deleted()
    {
        var school = await NewSchoolAsync();
        var (first, second) = (await SomeHistoryAsync(school)) is [var a, var b] ? (a, b) : default;
        var altered = await SeqOfAsync(first, 2);
        var deleted = await SeqOfAsync(second, 1);
        var skippedBefore = (await VerifyAsync(Auditor(school))).SkippedSequences;

        Assert.Equal(1, await AsSuperuserAsync("update mt_events set data = jsonb_set(data, '{risk}', '\"low\"') where seq_id = $1", altered));
        Assert.Equal(1, await AsSuperuserAsync("delete from mt_events where seq_id = $1", deleted));
        var report = await VerifyAsync(Auditor(school));

        Assert.False(report.Intact);
        var alteredFinding = Assert.Single(report.Findings, f => f.Problem == "altered-entry");
        Assert.Equal(("event", altered, first), (alteredFinding.Entry, alteredFinding.Sequence, alteredFinding.Case));
        var deletedFinding = Assert.Single(report.Findings, f => f.Problem == "missing-entry");
        Assert.Equal(("event", deleted, second), (deletedFinding.Entry, deletedFinding.Sequence, deletedFinding.Case));
        Assert.Equal(2, report.FindingCount);
        // The deleted event's number is a loss, named above, not one of the store's skipped numbers.
        Assert.Equal(skippedBefore, report.SkippedSequences);
    }

    [Fact]
    public async Task A_sequence_number_reserved_and_never_used_is_counted_as_skipped_not_as_a_loss()
    {
        var school = await NewSchoolAsync();
        await SomeHistoryAsync(school);
        var before = await VerifyAsync(Auditor(school));
        // An append that rolled back: its number taken from the sequence, no event ever committed with it.
        await api.ScalarAsync<long>("select nextval('mt_events_sequence')");
        await ReportConcernAsync(api, tenant: school);
        await SealAsync();

        var after = await VerifyAsync(Auditor(school));

        Assert.True(after.Intact, string.Join(", ", after.Findings));
        Assert.True(after.SkippedSequences > before.SkippedSequences);
    }

    [Fact]
    public async Task An_access_log_row_altered_or_a_seal_altered_is_named()
    {
        var school = await NewSchoolAsync();
        await SomeHistoryAsync(school);
        var read = await api.ScalarAsync<Guid>($"select id from mt_doc_case_reads where tenant_id = '{school}' limit 1");
        Assert.Equal(1, await AsSuperuserAsync("update mt_doc_case_reads set cases = '{}' where id = $1", read));
        var seal = await api.ScalarAsync<long>($"select seal_no from casework_seal where tenant_id = '{school}' and kind = 'event' order by seal_no limit 1");
        Assert.Equal(1, await AsSuperuserAsync("update casework_seal set entry_hash = sha256('x') where tenant_id = $1 and seal_no = $2", school, seal));

        var report = await VerifyAsync(Auditor(school));

        var access = Assert.Single(report.Findings, f => f.Problem == "altered-entry" && f.Entry == "access");
        Assert.Equal(read, access.AccessRead);
        Assert.Contains(report.Findings, f => f.Problem == "altered-seal" && f.SealNumber == seal);
    }

    [Fact]
    public async Task A_store_rewritten_and_rechained_by_a_superuser_fails_the_checkpoint_exported_before()
    {
        var school = await NewSchoolAsync();
        var (first, _) = (await SomeHistoryAsync(school)) is [var a, var b] ? (a, b) : default;
        var export = await CheckpointAsync(Auditor(school));
        Assert.True(export.Checkpoint.SealNumber > 0);
        // The auditor needs the public key alone to trust what they keep.
        Assert.True(CheckpointSigner.IsSignedBy(export.Checkpoint, export.PublicKey));
        Assert.True((await VerifyAsync(Auditor(school), export.Checkpoint)).CheckpointHolds);

        var altered = await SeqOfAsync(first, 1);
        await AsSuperuserAsync("update mt_events set data = jsonb_set(data, '{category}', '\"bullying\"') where seq_id = $1", altered);
        await RechainAsync(school);

        var without = await VerifyAsync(Auditor(school));
        Assert.True(without.Intact, "re-chained, the store agrees with itself: " + string.Join(", ", without.Findings));
        var against = await VerifyAsync(Auditor(school), export.Checkpoint);
        Assert.False(against.Intact);
        Assert.False(against.CheckpointHolds);
        Assert.Contains(against.Findings, f => f.Problem == "checkpoint-differs" && f.SealNumber == export.Checkpoint.SealNumber);

        // A checkpoint edited to match the rewritten chain no longer carries the service's signature.
        var forged = export.Checkpoint with { ChainHash = Convert.ToHexStringLower(await api.ScalarAsync<byte[]>(
            $"select chain_hash from casework_seal where tenant_id = '{school}' and seal_no = {export.Checkpoint.SealNumber}")) };
        var report = await VerifyAsync(Auditor(school), forged);
        Assert.Contains(report.Findings, f => f.Problem == "checkpoint-signature");
        Assert.False(report.CheckpointHolds);
    }

    /// <summary>What a superuser who knows the algorithm does: every seal of the school recomputed from the entries as they now are.</summary>
    private async Task RechainAsync(string school)
    {
        var rows = new List<(long Number, byte[] Entry)>();
        await using (var connection = new NpgsqlConnection(TestDatabase.ConnectionString + ";Search Path=" + api.Schema))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand($"""
                select s.seal_no, s.kind, case when s.kind = 'event' then {SealChain.EventFields("e")} else {SealChain.AccessFields("a")} end
                from casework_seal s left join mt_events e on e.seq_id = s.event_seq
                left join mt_doc_case_reads a on a.tenant_id = s.tenant_id and a.id = s.access_id
                where s.tenant_id = $1 order by s.seal_no
                """, connection);
            read.Parameters.Add(new NpgsqlParameter { Value = school });
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), ChainHash.Entry(reader.GetString(1), reader.GetFieldValue<string?[]>(2))));
            }
        }
        var previous = ChainHash.Genesis;
        foreach (var (number, entry) in rows)
        {
            previous = ChainHash.Link(previous, number, entry);
            await AsSuperuserAsync("update casework_seal set entry_hash = $1, chain_hash = $2 where tenant_id = $3 and seal_no = $4", entry, previous, school, number);
        }
    }

    [Fact]
    public async Task Only_an_auditor_verifies_or_exports_a_checkpoint_and_a_case_hidden_from_them_is_named_by_its_seal_alone()
    {
        var school = await NewSchoolAsync();
        var allegation = (await Report(api.ClientFor(School.Teacher, Role.Staff.Name(), school), "/api/allegations", new ReportAllegation.Request(
            "A pupil says the member of staff messaged her late at night.", DateTimeOffset.UtcNow.AddHours(-6), false, false,
            SubjectId: School.OtherTeacher, PupilIds: [School.Year8Pupil]))).Id;
        await SealAsync();
        await AsSuperuserAsync("update mt_events set data = data || '{\"tampered\": true}' where stream_id = $1 and version = 1", allegation);

        foreach (var role in new[] { Role.Dsl, Role.Headteacher, Role.Staff, Role.Admin })
        {
            var client = api.ClientFor(School.Dsl, role.Name(), school);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit/verify")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit/checkpoint")).StatusCode);
        }
        var plain = await VerifyAsync(Auditor(school));
        var named = Assert.Single(plain.Findings, f => f.Problem == "altered-entry");
        Assert.Equal(allegation, named.Case);

        // Its subject, holding auditor too, learns that the school's chain is broken and where, never which case.
        var subject = await VerifyAsync(api.ClientFor(School.OtherTeacher, [Role.Staff.Name(), Role.Auditor.Name()], school));
        Assert.False(subject.Intact);
        var unnamed = Assert.Single(subject.Findings, f => f.Problem == "altered-entry");
        Assert.Equal((named.SealNumber, (long?)null, (Guid?)null), (unnamed.SealNumber, unnamed.Sequence, unnamed.Case));
    }

    [Fact]
    public async Task A_checkpoint_of_another_school_or_a_bad_threshold_is_refused_naming_the_field()
    {
        var school = await NewSchoolAsync();
        var other = await CheckpointAsync(Auditor(ApiFixture.Tenant));
        var response = await Auditor(school).PostAsJsonAsync("/api/audit/verify", new VerifyRequest(other.Checkpoint), Casework.Http.CaseworkJson.Options);
        AssertNamesField(await ProblemAsync(response, HttpStatusCode.BadRequest), "checkpoint.school");
        AssertNamesField(await ProblemAsync(await Auditor(school).GetAsync("/api/audit/verify?unsealedAfterMinutes=0"), HttpStatusCode.BadRequest),
            "unsealedAfterMinutes");
    }

    [Fact]
    public async Task Two_instances_on_one_database_seal_each_entry_once_while_appends_go_on()
    {
        var school = await NewSchoolAsync();
        await using var second = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Casework", TestDatabase.ServiceConnectionString);
            builder.UseSetting("Casework:Schema", api.Schema);
            builder.UseSetting("Casework:Seal:IntervalSeconds", "0.05");
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(api.Clock));
        });
        var sealers = new[] { api.Services.GetRequiredService<SealChain>(), second.Services.GetRequiredService<SealChain>() };
        var appends = Enumerable.Range(0, 20).Select(_ => ReportConcernAsync(api, tenant: school)).ToList();
        var passes = Enumerable.Range(0, 20).Select(i => sealers[i % 2].SealPendingAsync(full: i % 4 == 0, default)).ToList();
        await Task.WhenAll(appends);
        await Task.WhenAll(passes);
        await Task.WhenAll(sealers.Select(s => s.SealPendingAsync(full: true, default, waitForOtherSealer: true)));

        var events = await CountAsync("mt_events", school);
        Assert.Equal(events, await api.ScalarAsync<long>($"select count(distinct event_seq) from casework_seal where tenant_id = '{school}'"));
        Assert.Equal(events + await CountAsync("mt_doc_case_reads", school), await CountAsync("casework_seal", school));
        Assert.Equal(await CountAsync("casework_seal", school), await api.ScalarAsync<long>($"select max(seal_no) from casework_seal where tenant_id = '{school}'"));
        var report = await VerifyAsync(Auditor(school));
        Assert.True(report.Intact, string.Join(", ", report.Findings));
    }
}
