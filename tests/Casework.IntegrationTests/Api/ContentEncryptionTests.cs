using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Allegations;
using Casework.Audit;
using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using Npgsql;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// ADR 28: the personal content of a case is stored sealed under the case's data key, in the events and in every
/// table that holds it; it is served, opened, to those the sight rule lets see it; events stored before content was
/// sealed still read; and the registers rebuilt from sealed events equal the live ones.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class ContentEncryptionTests(ApiFixture api)
{
    private HttpClient Teacher => api.ClientFor(School.Teacher, "staff");

    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    private HttpClient Head => api.ClientFor(School.Headteacher, ["headteacher", "staff"]);

    private HttpClient Auditor => api.ClientFor(School.Auditor, "auditor");

    /// <summary>Words no other test writes, so that finding one anywhere means this test's content leaked there.</summary>
    private static string Distinct(string word) => $"{word}{Guid.NewGuid():N}"[..(word.Length + 10)];

    private static ReferToPolice.Request PoliceReferral(string word) => ReferToPolice.Request.Example with
    {
        Summary = $"Told the police about {word}.", OccurredAt = DateTimeOffset.Parse("2026-01-05T09:00:00Z"), ImmediateRisk = false, Rationale = null,
    };

    private async Task<(CaseView Concern, CaseView Disclosure, CaseView Allegation, string[] Words)> ReportedAsync()
    {
        string[] words = [Distinct("Quillfeather"), Distinct("Marrowdene"), Distinct("Thistlewick"), Distinct("Brackenhollow"),
            Distinct("Winterbourne"), Distinct("Ashcombe"), Distinct("Fennimore")];
        var concern = await Report(Teacher, "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year8Pupil, PupilRole.Victim)],
            Account = $"She said {words[0]} sent the messages.",
            OccurredAt = HoursAgo(5),
            Where = new Place($"The {words[1]} group chat", "WhatsApp", null),
        });
        concern = await Ok(Dsl, await Get(Dsl, concern.Id), CaseActions.Triage, TriageCase.Request.Example with { Rationale = $"{words[2]} is frightened." });
        concern = await Ok(Dsl, concern, CaseActions.ReferToPolice, PoliceReferral(words[3]));
        var disclosure = await Report(Teacher, "/api/disclosures", RecordDisclosure.Request.Example with
        {
            PupilId = School.Year8Pupil, DisclosedTo = School.Teacher, WordsAsSaid = $"\"{words[4]} hurt me.\"", OccurredAt = HoursAgo(3),
        });
        // Received long ago, so that it leads the allegations register.
        var allegation = await Report(Teacher, "/api/allegations", new ReportAllegation.Request(
            $"A pupil says {words[5]} messaged her at night.", DateTimeOffset.Parse("2020-01-01T10:00:00Z"), false, false,
            SubjectId: School.OtherTeacher, ReceivedAt: DateTimeOffset.Parse("2020-01-02T10:00:00Z")));
        await Ok(Head, await Get(Head, allegation.Id), CaseActions.AssessHarmThreshold,
            AssessHarmThreshold.Request.Example with { Rationale = $"{words[6]} asked for secrecy." });
        return (concern, disclosure, allegation, words);
    }

    [Fact]
    public async Task ADR_28_content_reported_is_in_no_table_in_plain_text_and_is_served_to_those_who_may_see_it()
    {
        var (concern, disclosure, allegation, words) = await ReportedAsync();

        // As the database's owner: every table of every schema, the events and every document included.
        var found = await TablesHoldingAsync(words);
        Assert.True(found.Count == 0, $"Plain content found in: {string.Join(", ", found)}");
        Assert.True(await api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{concern.Id}'") >= 3);
        Assert.Equal(3L, await api.ScalarAsync<long>($"select count(*) from mt_doc_data_key where id in ('{concern.Id}', '{disclosure.Id}', '{allegation.Id}')"));

        // Served opened: the case view and timeline to the DSL, the audit trail to an auditor, the register to the head.
        var view = await Dsl.GetStringAsync($"/api/cases/{concern.Id}");
        Assert.Contains(words[0], view);
        Assert.Contains(words[1], view);
        var timeline = await Dsl.GetStringAsync($"/api/cases/{concern.Id}/timeline");
        Assert.All(words[..4], word => Assert.Contains(word, timeline));
        Assert.Contains(words[4], await Dsl.GetStringAsync($"/api/cases/{disclosure.Id}/timeline"));
        var audit = await Auditor.GetStringAsync($"/api/audit/events?stream={concern.Id}");
        Assert.All(words[..4], word => Assert.Contains(word, audit));
        Assert.DoesNotContain(ContentCipher.Marker[1..], audit);
        var register = await Head.GetStringAsync("/api/registers/allegations");
        Assert.Contains(words[5], register);
        Assert.Contains(words[6], await Head.GetStringAsync($"/api/cases/{allegation.Id}/timeline"));
        Assert.Contains(words[4], await AllChronologyAsync());

        // The reporter sees their own report, opened.
        Assert.Contains(words[0], await Teacher.GetStringAsync($"/api/cases/{concern.Id}"));
    }

    [Fact]
    public async Task ADR_28_a_repeated_referral_with_the_same_content_records_nothing_R14()
    {
        var (concern, _, _, words) = await ReportedAsync();
        var again = await Act(Dsl, concern.Id, CaseActions.ReferToPolice, concern.Version!.Value, PoliceReferral(words[3]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(concern.Version, await api.VersionOf(concern));
    }

    [Fact]
    public async Task ADR_28_an_event_stored_before_content_was_sealed_still_reads_and_the_case_is_sealed_from_then_on()
    {
        var words = $"Said before sealing: {Distinct("Oldmoor")} took the phone.";
        // Stored as Casework stored reports before ADR 28: plain, through the store, with no data key.
        var given = await api.GivenAsync(new ConcernReported(School.Teacher, DateTimeOffset.UtcNow.AddHours(-2),
            [new PupilInvolved(School.Year8Pupil, PupilRole.Victim)], ConcernCategory.OnlineSafety, words, null, DateTimeOffset.UtcNow.AddHours(-3), null));
        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from mt_doc_data_key where id = '{given.CaseId}'"));

        var view = await Get(Dsl, given.CaseId);
        Assert.Equal(words, view.Report.GetProperty("account").GetString());
        var triaged = await Ok(Dsl, view, CaseActions.Triage, TriageCase.Request.Example with { Rationale = "Triaged after sealing began." });

        // The old event stays as it was (it cannot be shredded, ADR 28); what follows is sealed under the key made for it.
        Assert.Contains(words, await api.ScalarAsync<string>($"select data::text from mt_events where stream_id = '{given.CaseId}' and version = 1"));
        var stored = await api.ScalarAsync<string>($"select data::text from mt_events where stream_id = '{given.CaseId}' and version = 2");
        Assert.True(ContentCipher.IsSealed(JsonDocument.Parse(stored).RootElement.GetProperty("rationale").GetString()), stored);
        Assert.Equal(1L, await api.ScalarAsync<long>($"select count(*) from mt_doc_data_key where id = '{given.CaseId}'"));
        var timeline = await Timeline(Dsl, triaged.Id);
        Assert.Contains(timeline, e => e.What.Contains(words, StringComparison.Ordinal));
        Assert.Contains(timeline, e => e.Why == "Triaged after sealing began.");
    }

    [Fact]
    public async Task ADR_28_the_registers_rebuilt_from_sealed_events_equal_the_live_ones()
    {
        await ReportedAsync();
        var response = await Auditor.PostAsJsonAsync("/api/audit/replay", new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = (await response.Content.ReadAsync<ReplayReport>())!;
        Assert.Empty(report.Differences);
        Assert.All(report.Tables, t => Assert.Equal((t.LiveRows, 0L), (t.ReplayedRows, t.Differences)));
    }

    private async Task<string> AllChronologyAsync()
    {
        var all = "";
        string? after = null;
        do
        {
            var page = JsonDocument.Parse(await Dsl.GetStringAsync($"/api/pupils/{School.Year8Pupil}/chronology?limit=100" + (after is null ? "" : $"&after={after}"))).RootElement;
            all += page.GetRawText();
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null);
        return all;
    }

    // Every table the owner can read, in every schema but PostgreSQL's own, searched for each word as text.
    private static async Task<IReadOnlyList<string>> TablesHoldingAsync(IEnumerable<string> words)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var patterns = words.Select(w => $"%{w}%").ToArray();
        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"select exists (select 1 from {table} t where t::text ilike any($1))", connection);
            search.Parameters.Add(new NpgsqlParameter { Value = patterns });
            try
            {
                if ((bool)(await search.ExecuteScalarAsync())!)
                {
                    holding.Add(table);
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // A scratch schema another test dropped meanwhile.
            }
        }
        Assert.NotEmpty(tables);
        return holding;
    }
}
