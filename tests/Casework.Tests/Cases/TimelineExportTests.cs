using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Casework.Cases;
using CsvHelper;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>The export's digest (RFC 8785 form of the entries), the CSV's shape, and the shared event as stored.</summary>
public class TimelineExportTests
{
    private static readonly JsonElement NoData = JsonDocument.Parse("{}").RootElement;

    private static TimelineEntry Entry(long position, string what, string? why) =>
        new(position, "note-added", Now.AddHours(-position), Now, Dsl, ["dsl"], "Dana Lead", "DSL", what, why, NoData);

    private static TimelineExport Export(params TimelineEntry[] entries) =>
        new(new ExportedCase(Id(60), "concern", "clarendon"), new TimelinePeriod(Earlier, Now), new ExportedBy(Dsl, "Dana Lead", ["dsl"]),
            Now, null, "LADO, Anyshire", "Strategy meeting\non Monday.", entries.Length, TimelineDigest.Of(entries), entries);

    [Fact]
    public void The_canonical_form_sorts_members_drops_whitespace_and_escapes_only_what_json_must() =>
        Assert.Equal("""{"a":[1,true,null],"b":"é \"q\" \\ \n\u001f","c":{"x":1,"y":2}}""",
            TimelineDigest.Canonical(JsonDocument.Parse("""{ "c": {"y": 2, "x": 1}, "b": "\u00e9 \"q\" \\ \n\u001F", "a": [1, true, null] }""").RootElement));

    [Fact]
    public void Members_sort_by_utf16_code_units_as_RFC_8785_says() =>
        Assert.Equal("""{"B":1,"a":2,"é":3}""", TimelineDigest.Canonical(JsonDocument.Parse("""{"é":3,"a":2,"B":1}""").RootElement));

    [Fact]
    public void The_digest_of_no_entries_is_the_sha256_of_an_empty_array() =>
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("[]"u8)), TimelineDigest.Of([]));

    [Fact]
    public void The_digest_covers_every_entry_and_every_word()
    {
        var one = Entry(1, "Note: a", null);
        var digest = TimelineDigest.Of([one]);

        Assert.Matches("^[0-9a-f]{64}$", digest);
        Assert.Equal(digest, TimelineDigest.Of([one with { }]));
        Assert.NotEqual(digest, TimelineDigest.Of([one with { What = "Note: b" }]));
        Assert.NotEqual(digest, TimelineDigest.Of([one, Entry(2, "Note: a", null)]));
    }

    [Fact]
    public void The_csv_states_the_export_in_comment_lines_then_a_header_and_one_row_per_entry()
    {
        var export = Export(Entry(1, "Note: first", null), Entry(2, "Decision: other, with \"quotes\"", "Because,\nreasons."));

        var csv = CsvText(export);
        var comments = csv.Split("\r\n").TakeWhile(line => line.StartsWith('#')).ToList();
        using var reader = CsvReader.Create(Encoding.UTF8.GetBytes(csv), CsvReaderOptions.Default with { CommentPrefix = '#' });
        var rows = Rows(reader);

        Assert.Equal(
            // Each statement line is a record of two cells written by the CSV writer: a comma in a value stays in its cell.
            ["# school,clarendon", $"# case,{Id(60)} (concern)", $"# period,{Earlier:O}/{Now:O}", "# exportedBy,Dana Lead (dsl)", $"# exportedAt,{Now:O}",
             "# sharedWith,\"LADO, Anyshire\"", "# why,Strategy meeting on Monday.", "# count,2", $"# sha256,{export.Digest}"],
            comments);
        Assert.Equal(ExportTimeline.CsvColumns, reader.Headers);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["2", Now.AddHours(-2).ToString("O"), Now.ToString("O"), "Dana Lead", "DSL", "Decision: other, with \"quotes\"", "Because,\nreasons.", "note-added"], rows[1]);
    }

    [Fact]
    public void A_csv_cell_a_spreadsheet_would_run_as_a_formula_is_escaped()
    {
        using var reader = CsvReader.Create(ExportTimeline.ToCsv(Export(Entry(1, "Note", "=HYPERLINK(\"http://evil\")"))), CsvReaderOptions.Default with { CommentPrefix = '#' });

        Assert.Equal("'=HYPERLINK(\"http://evil\")", Assert.Single(Rows(reader))[6]);
    }

    [Fact]
    public void A_timeline_shared_before_exports_existed_still_reads_without_format_or_digest()
    {
        var stored = """{"sharedWith":"LADO","why":"Strategy meeting."}""";

        var read = (TimelineShared)MartenSerializer.Instance.FromJson(typeof(TimelineShared), new MemoryStream(Encoding.UTF8.GetBytes(stored)));

        Assert.Equal(new TimelineShared("LADO", "Strategy meeting."), read);
        Assert.Null(read.Format);
        Assert.Null(read.Digest);
    }

    private static List<string[]> Rows(CsvReader reader)
    {
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }
        return rows;
    }

    private static string CsvText(TimelineExport export) => Encoding.UTF8.GetString(ExportTimeline.ToCsv(export));
}
