using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Casework.Allegations;
using Casework.Audit;
using Casework.Cases;
using Casework.Concerns;
using Casework.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// ADR 34: erasure by crypto-shredding. Deleting a case's data key leaves its events in place and makes its content
/// unreadable everywhere, read as "(erased)"; an R8 erasure is decided by the case manager once the subject was asked,
/// and names the earlier copies whose recipients must be told (UK GDPR Art. 19).
/// </summary>
[Collection(ApiSuite.Name)]
public sealed partial class ErasureTests(ApiFixture api)
{
    private HttpClient Teacher => api.ClientFor(School.Teacher, "staff");

    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    private HttpClient Head => api.ClientFor(School.Headteacher, ["headteacher", "staff"]);

    private HttpClient Auditor => api.ClientFor(School.Auditor, "auditor");

    private static string Distinct(string word) => $"{word}{Guid.NewGuid():N}"[..(word.Length + 10)];

    /// <summary>
    /// An allegation found false, with words in its report, assessment, outcome and the subject's answer, exported once
    /// by the head; closed (below the threshold, with no further action) when <paramref name="declined"/>.
    /// </summary>
    private async Task<(CaseView Allegation, string[] Words)> FoundFalseAsync(bool declined)
    {
        string[] words = [Distinct("Pellucidar"), Distinct("Gorsemoor"), Distinct("Ravenglass"), Distinct("Tillingham")];
        var allegation = await Report(Teacher, "/api/allegations", new ReportAllegation.Request(
            $"A pupil says {words[0]} shouted at her.", HoursAgo(30), false, false, SubjectId: School.OtherTeacher));
        var view = await Ok(Head, await Get(Head, allegation.Id), CaseActions.AssessHarmThreshold,
            new AssessHarmThreshold.Request([], $"{words[1]} raised their voice; no contact."));
        var export = await Head.GetAsync($"/api/cases/{allegation.Id}/timeline?format=csv&sharedWith=HR&why=Advice%20on%20the%20allegation");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        view = await Ok(Head, await Get(Head, allegation.Id), CaseActions.RecordOutcome,
            new RecordAllegationOutcome.Request(AllegationOutcome.False, $"The pupil named {words[2]} by mistake."));
        if (declined)
        {
            view = await Ok(Head, view, CaseActions.RecordSubjectConsent,
                new RecordSubjectConsent.Request(HoursAgo(1), $"{words[3]} asked that nothing be kept.", Consents: false));
            view = await CloseAsync(view);
        }
        return (view, words);
    }

    [Fact]
    public async Task ADR_34_an_erased_allegation_is_in_no_table_in_any_readable_form_and_its_events_stay()
    {
        var (view, words) = await FoundFalseAsync(declined: true);
        var caseId = view.Id;
        // The search reads the words back before the erasure: it would find them if any readable copy were left.
        Assert.Equal(words.Order(), (await ReadableWordsAsync([caseId], words)).Order());
        Assert.Empty(await PlainTablesHoldingAsync(words));
        var eventsBefore = await EventsTextAsync(caseId);

        var response = await Act(Head, caseId, CaseActions.EraseContent, view.Version!.Value, new EraseAllegation.Request(true));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var erased = (await response.Content.ReadAsync<CaseView>())!;
        Assert.True(erased.Erased);
        Assert.Equal(ErasureReason.FalseOrMaliciousAllegation, erased.Erasure!.Reason);
        Assert.Equal(School.Headteacher, erased.Erasure.DecidedBy);
        // Art. 19: the head's CSV export is listed for the DSL to tell its recipient.
        Assert.Contains(erased.Erasure.EarlierCopies, c => c.By == School.Headteacher && c.Kind == CopyKind.Export);

        // Nothing readable is left, in any table, under any key the store holds; the events are as they were, and one more.
        Assert.Empty(await ReadableWordsAsync([caseId], words));
        Assert.Empty(await PlainTablesHoldingAsync(words));
        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from mt_doc_data_key where id = '{caseId}'"));
        var eventsAfter = await EventsTextAsync(caseId);
        Assert.Equal(eventsBefore, eventsAfter.Take(eventsBefore.Count));
        Assert.Equal("content-erased", await api.ScalarAsync<string>($"select type from mt_events where stream_id = '{caseId}' order by version desc limit 1"));

        // The case view says so, to the manager, and lists the copies; the reporter's own report reads as erased.
        var again = await Get(Head, caseId);
        Assert.True(again.Erased);
        Assert.Equal(erased.Erasure, again.Erasure);
        var reporter = await Teacher.GetStringAsync($"/api/cases/{caseId}");
        Assert.Contains(ContentCipher.ErasedText, reporter);
        Assert.DoesNotContain(words[0], reporter);
        Assert.Equal(HttpStatusCode.OK, (await Auditor.GetAsync($"/api/audit/events?stream={caseId}")).StatusCode);

        // It cannot be undone nor added to; erasing again records nothing.
        await Refused(api, Head, again, CaseActions.AddNote, AddNote.Request.Example, "R8");
        Assert.Equal(HttpStatusCode.OK, (await Act(Head, caseId, CaseActions.EraseContent, again.Version!.Value, new EraseAllegation.Request(true))).StatusCode);
        Assert.Equal(again.Version, await api.VersionOf(again));
        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from mt_doc_data_key where id = '{caseId}'"));

        // The registers rebuilt from the events equal the live ones, erased case included.
        await ReplayCleanAsync();
    }

    [Fact]
    public async Task ADR_34_erasure_needs_its_confirmation_and_the_subjects_answer_and_only_the_case_manager_decides_it()
    {
        var (view, _) = await FoundFalseAsync(declined: false);

        var unconfirmed = await Act(Head, view.Id, CaseActions.EraseContent, view.Version!.Value, new EraseAllegation.Request(false));
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("confirm", await unconfirmed.Content.ReadAsStringAsync());
        // Not asked yet, the window since the outcome has not passed, and the allegation is open.
        await Refused(api, Head, view, CaseActions.EraseContent, new EraseAllegation.Request(true), "R8");
        Assert.DoesNotContain(CaseAction.EraseContent, view.AllowedActions);

        view = await Ok(Head, view, CaseActions.RecordSubjectConsent, new RecordSubjectConsent.Request(HoursAgo(1), "Declined.", Consents: false));
        await Refused(api, Head, view, CaseActions.EraseContent, new EraseAllegation.Request(true), "R8");
        view = await CloseAsync(view);
        Assert.Contains(CaseAction.EraseContent, view.AllowedActions);
        // The subject never learns of it (R4), and no one else decides it.
        Assert.Equal(HttpStatusCode.NotFound, (await Act(api.ClientFor(School.OtherTeacher, "staff"), view.Id, CaseActions.EraseContent, view.Version!.Value,
            new EraseAllegation.Request(true))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Act(Teacher, view.Id, CaseActions.EraseContent, view.Version!.Value,
            new EraseAllegation.Request(true))).StatusCode);
        Assert.Equal(1L, await api.ScalarAsync<long>($"select count(*) from mt_doc_data_key where id = '{view.Id}'"));
    }

    [Fact]
    public async Task ADR_34_a_case_whose_key_is_deleted_reads_as_erased_on_every_route_never_a_500_on_an_instance_that_cached_it()
    {
        var word = Distinct("Cobblethwaite");
        var concern = await Report(Teacher, "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year8Pupil, PupilRole.Victim)], Account = $"She said {word} sent the messages.", OccurredAt = HoursAgo(5),
        });
        concern = await Ok(Dsl, await Get(Dsl, concern.Id), CaseActions.Triage, TriageCase.Request.Example with { Rationale = $"{word} is frightened." });
        var allegation = await Report(Teacher, "/api/allegations", new ReportAllegation.Request(
            $"A pupil says {word} messaged her.", HoursAgo(20), false, false, SubjectId: School.OtherTeacher));
        // Read first, so that this instance holds both keys unwrapped in its cache.
        Assert.Contains(word, await Dsl.GetStringAsync($"/api/cases/{concern.Id}/timeline"));
        Assert.Contains(word, await Head.GetStringAsync("/api/registers/allegations?limit=200"));

        // Another instance erased them: the rows are gone, this instance was not told.
        Assert.Equal(2L, await api.ScalarAsync<long>($"with d as (delete from mt_doc_data_key where id in ('{concern.Id}', '{allegation.Id}') returning 1) select count(*) from d"));

        string[] routes =
        [
            $"/api/cases/{concern.Id}", $"/api/cases/{concern.Id}/timeline", $"/api/pupils/{School.Year8Pupil}/chronology?limit=200",
            $"/api/cases/{allegation.Id}", "/api/registers/allegations?limit=200",
        ];
        foreach (var route in routes)
        {
            var client = route.Contains("allegation", StringComparison.Ordinal) || route.Contains(allegation.Id.ToString(), StringComparison.Ordinal) ? Head : Dsl;
            var response = await client.GetAsync(route);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode} {body}");
            Assert.DoesNotContain(word, body);
            Assert.Contains(ContentCipher.ErasedText, body);
        }
        foreach (var route in new[] { $"/api/audit/events?stream={concern.Id}", $"/api/cases/{concern.Id}/timeline?format=csv", $"/api/cases/{concern.Id}/timeline?format=pdf" })
        {
            var response = await Auditor.GetAsync(route);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode} {body}");
            Assert.DoesNotContain(word, body);
        }
        Assert.Equal(ContentCipher.ErasedText, (await Get(Dsl, concern.Id)).Report.GetProperty("account").GetString());
        await ReplayCleanAsync();
    }

    [Fact]
    public async Task ADR_35_a_closed_record_past_its_retention_date_is_destroyed_unless_a_legal_hold_stands()
    {
        var former = await FormerPupilAsync();
        var word = Distinct("Hollowmere");
        var concern = await Report(Teacher, "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(former, PupilRole.Victim)], Account = $"She said {word} took her phone.", OccurredAt = HoursAgo(5),
        });
        var view = await Ok(Dsl, await Get(Dsl, concern.Id), CaseActions.Triage, TriageCase.Request.Example with { Rationale = $"{word} is frightened." });
        view = await Ok(Dsl, view, CaseActions.Close, new CloseCase.Request("Resolved.", $"{word} apologised."));
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-1), view.Retention!.DueOn);
        Assert.Contains(await RetentionRegisterAsync(), r => r.CaseId == view.Id && r.DueOn == view.Retention.DueOn);

        // A police investigation holds it.
        // Its id is the service's to pick when the caller gives none; the case view names it, for lifting it.
        view = await Ok(Dsl, view, CaseActions.PlaceLegalHold, new PlaceLegalHold.Request(LegalHoldKind.PoliceInvestigation, "MPS-1"));
        var hold = Assert.Single(view.Retention!.Holds);
        Assert.Equal(LegalHoldKind.PoliceInvestigation, hold.Kind);
        await Refused(api, Dsl, view, CaseActions.ReviewRetention, new ReviewRetention.Request(RetentionDecision.Destroy), "RETENTION");
        var missingDay = await Act(Dsl, view.Id, CaseActions.ReviewRetention, view.Version!.Value, new ReviewRetention.Request(RetentionDecision.Keep));
        Assert.Equal(HttpStatusCode.BadRequest, missingDay.StatusCode);
        Assert.Contains("keepUntil", await missingDay.Content.ReadAsStringAsync());
        view = await Ok(Dsl, view, CaseActions.LiftLegalHold, new LiftLegalHold.Request(hold.Id));

        Assert.Equal([word], await ReadableWordsAsync([view.Id], [word]));
        view = await Ok(Dsl, view, CaseActions.ReviewRetention, new ReviewRetention.Request(RetentionDecision.Destroy));
        Assert.True(view.Erased);
        Assert.Equal(ErasureReason.RetentionReview, view.Erasure!.Reason);
        Assert.Empty(await ReadableWordsAsync([view.Id], [word]));
        Assert.Empty(await PlainTablesHoldingAsync([word]));
        Assert.Equal(1L, await api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{view.Id}' and type = 'record-destroyed'"));
        var timeline = await Timeline(Dsl, view.Id);
        Assert.Contains(timeline, e => e.What.StartsWith("Record destroyed", StringComparison.Ordinal));
        Assert.DoesNotContain(timeline, e => e.What.Contains(word, StringComparison.Ordinal) || (e.Why ?? "").Contains(word, StringComparison.Ordinal));
        await Refused(api, Dsl, view, CaseActions.Reopen, ReopenCase.Request.Example, "RETENTION");
        Assert.DoesNotContain(await RetentionRegisterAsync(), r => r.CaseId == view.Id);
        await ReplayCleanAsync();
    }

    [Fact]
    public async Task ADR_35_the_retention_register_lists_closed_records_once_due_and_not_before()
    {
        var concern = await Report(Teacher, "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year8Pupil, PupilRole.Victim)], OccurredAt = HoursAgo(5),
        });
        var view = await Ok(Dsl, await Get(Dsl, concern.Id), CaseActions.Triage, TriageCase.Request.Example);
        view = await Ok(Dsl, view, CaseActions.Close, new CloseCase.Request("Resolved.", "Resolved."));
        Assert.True(view.Retention!.DueOn > DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.DoesNotContain(await RetentionRegisterAsync(), r => r.CaseId == view.Id);
    }

    [Fact]
    public async Task ADR_35_an_allegation_is_kept_until_the_subjects_state_pension_age_from_the_directorys_date_of_birth_else_10_years()
    {
        var admin = api.ClientFor(School.Admin, Role.Admin.Name());
        var subject = Guid.NewGuid();
        (await admin.PutAsJsonAsync($"/api/directory/staff/{subject}", new { name = "Rhi Tire", roles = new[] { "staff" } })).EnsureSuccessStatusCode();
        var allegation = await Report(Teacher, "/api/allegations", new ReportAllegation.Request("A pupil says she was pushed.", HoursAgo(3), false, false, SubjectId: subject));
        var tenYears = Casework.Calendar.WorkingDayCalendar.LocalDate(api.Clock.GetUtcNow()).AddYears(10);
        Assert.Equal(tenYears, (await Get(Head, allegation.Id)).Retention!.DueOn);

        // Born 1 June 1990: State Pension age 68 (Pensions Act 2007), on 1 June 2058, later than 10 years.
        (await admin.PutAsJsonAsync($"/api/directory/staff/{subject}", new { name = "Rhi Tire", roles = new[] { "staff" }, dateOfBirth = "1990-06-01" })).EnsureSuccessStatusCode();
        Assert.Equal(new DateOnly(2058, 6, 1), (await Get(Head, allegation.Id)).Retention!.DueOn);
    }

    private async Task<IReadOnlyList<Casework.Registers.RetentionRow>> RetentionRegisterAsync()
    {
        var rows = new List<Casework.Registers.RetentionRow>();
        string? after = null;
        do
        {
            var page = (await Dsl.GetFromJsonAsync<Casework.Registers.RegisterPage<Casework.Registers.RetentionRow>>(
                "/api/registers/retention?limit=200" + (after is null ? "" : $"&after={after}"), CaseworkJson.Options))!;
            rows.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        return rows;
    }

    [Fact]
    public async Task ADR_34_a_destruction_names_the_events_stored_before_content_was_sealed_whose_words_stay_readable()
    {
        var former = await FormerPupilAsync();
        var words = $"Said before sealing: {Distinct("Oldcastle")} took the phone.";
        // Stored as Casework stored cases before ADR 28: plain, with no data key.
        var given = await api.GivenAsync(
            new ConcernReported(School.Teacher, DateTimeOffset.UtcNow.AddHours(-3), [new PupilInvolved(former, PupilRole.Victim)], ConcernCategory.OnlineSafety,
                words, null, DateTimeOffset.UtcNow.AddHours(-4), null),
            new CaseClosed("Closed before sealing.", "Resolved."));

        var view = await Ok(Dsl, await Get(Dsl, given.CaseId), CaseActions.ReviewRetention, new ReviewRetention.Request(RetentionDecision.Destroy));

        Assert.Equal([1L, 2L], view.Erasure!.PlainEvents!);
        Assert.Contains(words, (await Timeline(Dsl, view.Id))[0].What);
    }

    /// <summary>A former pupil born 26 years ago, stored as the directory stores them (the directory refuses pupils of 25 or more).</summary>
    private async Task<Guid> FormerPupilAsync()
    {
        var former = Guid.CreateVersion7();
        await using var session = api.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession(ApiFixture.Tenant);
        session.Events.StartStream<Casework.Directory.Person>(former,
            new Casework.Directory.PupilAdded(former, "Fay Former", DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-26), 13));
        await session.SaveChangesAsync();
        return former;
    }

    private async Task<CaseView> CloseAsync(CaseView view)
    {
        view = await Ok(Head, view, CaseActions.RecordDecision, new RecordDecision.Request(CaseDecision.NoFurtherAction, "Found false."));
        return await Ok(Head, view, CaseActions.Close, new CloseCase.Request("Concluded.", "Found false."));
    }

    private async Task ReplayCleanAsync()
    {
        var replay = await Auditor.PostAsJsonAsync("/api/audit/replay", new { });
        Assert.True(replay.StatusCode == HttpStatusCode.OK, await replay.Content.ReadAsStringAsync());
        var report = (await replay.Content.ReadAsync<ReplayReport>())!;
        Assert.Empty(report.Differences);
    }

    private async Task<IReadOnlyList<string>> EventsTextAsync(Guid caseId)
    {
        await using var connection = await OwnerAsync();
        await using var command = new NpgsqlCommand($"select data::text from {api.Schema}.mt_events where stream_id = $1 order by version", connection);
        command.Parameters.AddWithValue(caseId);
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }
        return texts;
    }

    private static async Task<NpgsqlConnection> OwnerAsync()
    {
        var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task ADR_40_an_erasure_survives_a_restore_that_brings_its_data_key_back_once_the_erasure_log_is_replayed()
    {
        var (view, words) = await FoundFalseAsync(declined: true);
        var caseId = view.Id;
        await using var connection = await OwnerAsync();
        // The key row as a backup taken before the erasure holds it.
        var backedUp = await ScalarAsync<string>(connection, $"select row_to_json(k)::text from {api.Schema}.mt_doc_data_key k where id = $1", caseId);

        var response = await Act(Head, caseId, CaseActions.EraseContent, view.Version!.Value, new EraseAllegation.Request(true));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var log = api.Services.GetRequiredService<ErasureLog>();
        Assert.Contains(log.Read(), e => e.CaseId == caseId && e.Tenant == ApiFixture.Tenant);

        // A restore to before the erasure brings the key back, and with it the content, to anyone holding the master key.
        await ScalarAsync<int>(connection,
            $"insert into {api.Schema}.mt_doc_data_key select * from json_populate_record(null::{api.Schema}.mt_doc_data_key, $1::json) returning 1", backedUp);
        Assert.Equal(words.Order(), (await ReadableWordsAsync([caseId], words)).Order());

        await using var dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        Assert.Equal(1, await log.ReplayAsync(dataSource, api.Schema, default));
        Assert.Equal(0, await log.ReplayAsync(dataSource, api.Schema, default));
        var after = await Teacher.GetStringAsync($"/api/cases/{caseId}");
        Assert.Contains(ContentCipher.ErasedText, after);
        Assert.DoesNotContain(words[0], after);
        Assert.Empty(await ReadableWordsAsync([caseId], words));
    }

    [Fact]
    public async Task ADR_42_a_service_started_on_a_database_restored_to_before_an_erasure_replays_the_log_before_it_says_ready()
    {
        var (view, words) = await FoundFalseAsync(declined: true);
        await using var connection = await OwnerAsync();
        var backedUp = await ScalarAsync<string>(connection, $"select row_to_json(k)::text from {api.Schema}.mt_doc_data_key k where id = $1", view.Id);
        var response = await Act(Head, view.Id, CaseActions.EraseContent, view.Version!.Value, new EraseAllegation.Request(true));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        // Restored to before the erasure, and started without anyone running replay-erasures.
        await ScalarAsync<int>(connection,
            $"insert into {api.Schema}.mt_doc_data_key select * from json_populate_record(null::{api.Schema}.mt_doc_data_key, $1::json) returning 1", backedUp);
        Assert.Equal(words.Order(), (await ReadableWordsAsync([view.Id], words)).Order());
        await api.RestartAsync();

        var ready = await api.CreateClient().GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK || ready.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)ready.StatusCode}");
        for (var waited = 0; ready.StatusCode != HttpStatusCode.OK && waited < 100; waited++)
        {
            await Task.Delay(100);
            ready = await api.CreateClient().GetAsync("/health/ready");
        }
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        // Once ready, the key is gone again: the words are nowhere readable, and the case reads "(erased)".
        Assert.Empty(await ReadableWordsAsync([view.Id], words));
        // The reporter's view shows the report (the head's is withheld by R8).
        var after = await Teacher.GetStringAsync($"/api/cases/{view.Id}");
        Assert.Contains(ContentCipher.ErasedText, after);
        Assert.DoesNotContain(words[0], after);
    }

    [Fact]
    public async Task ADR_40_replaying_erasures_records_in_the_log_an_erasure_the_database_holds_and_the_log_lacks()
    {
        var (view, _) = await FoundFalseAsync(declined: true);
        var response = await Act(Head, view.Id, CaseActions.EraseContent, view.Version!.Value, new EraseAllegation.Request(true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = api.Services.GetRequiredService<ErasureLog>();
        // As if the service stopped between the erasure's commit and its line in the log.
        await File.WriteAllLinesAsync(log.Path, File.ReadAllLines(log.Path).Where(l => !l.Contains(view.Id.ToString())));
        Assert.DoesNotContain(log.Read(), e => e.CaseId == view.Id);

        await using var dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        await log.ReplayAsync(dataSource, api.Schema, default);
        Assert.Single(log.Read(), e => e.CaseId == view.Id && e.Tenant == ApiFixture.Tenant);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, object parameter)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"(?:\\u0001|\u0001)cw1:([A-Za-z0-9+/=]+)")]
    private static partial Regex SealedText();

    /// <summary>
    /// The words readable from the database as its owner holding the master key: every sealed text in any row, of any
    /// table of any schema, that names one of <paramref name="cases"/>, opened with every data key the store holds
    /// (each for its own school and case, as the service would), and every row's plain text.
    /// </summary>
    private async Task<IReadOnlyList<string>> ReadableWordsAsync(Guid[] cases, string[] words)
    {
        await using var connection = await OwnerAsync();
        var rows = new List<string>();
        foreach (var table in await TablesAsync(connection))
        {
            await using var command = new NpgsqlCommand($"select t::text from {table} t where t::text ilike any($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => $"%{c}%").ToArray() });
            try
            {
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rows.Add(reader.GetString(0));
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
            }
        }
        var master = api.Services.GetRequiredService<IMasterKey>();
        var ciphers = new List<ContentCipher>();
        await using (var keys = new NpgsqlCommand($"select tenant_id, data::text from {api.Schema}.mt_doc_data_key", connection))
        await using (var reader = await keys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = JsonSerializer.Deserialize<DataKey>(reader.GetString(1), CaseworkJson.Stored)!;
                ciphers.Add(new ContentCipher(master.Unwrap(key.MasterKeyId, key.Wrapped), reader.GetString(0), key.Id));
            }
        }
        var readable = new List<string>(rows);
        foreach (var sealedText in rows.SelectMany(r => SealedText().Matches(r)).Select(m => ContentCipher.Marker + m.Groups[1].Value).Distinct())
        {
            foreach (var cipher in ciphers)
            {
                try
                {
                    readable.Add(cipher.Open(sealedText));
                }
                catch (CryptographicException)
                {
                    // Not this key's.
                }
            }
        }
        Assert.NotEmpty(rows);
        return [.. words.Where(w => readable.Any(text => text.Contains(w, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>Every table of every schema that holds any of the words as plain text, searched as the owner.</summary>
    private static async Task<IReadOnlyList<string>> PlainTablesHoldingAsync(string[] words)
    {
        await using var connection = await OwnerAsync();
        var holding = new List<string>();
        foreach (var table in await TablesAsync(connection))
        {
            await using var search = new NpgsqlCommand($"select exists (select 1 from {table} t where t::text ilike any($1))", connection);
            search.Parameters.Add(new NpgsqlParameter { Value = words.Select(w => $"%{w}%").ToArray() });
            try
            {
                if ((bool)(await search.ExecuteScalarAsync())!)
                {
                    holding.Add(table);
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
            }
        }
        return holding;
    }

    private static async Task<IReadOnlyList<string>> TablesAsync(NpgsqlConnection connection)
    {
        var tables = new List<string>();
        await using var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection);
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        Assert.NotEmpty(tables);
        return tables;
    }
}
