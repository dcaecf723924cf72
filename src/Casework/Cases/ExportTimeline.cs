using System.Globalization;
using Casework.Audit;
using Casework.Http;
using Casework.Operations;
using CsvHelper;
using JasperFx.Events;
using Marten;
using Microsoft.Net.Http.Headers;

namespace Casework.Cases;

/// <summary>The case exported: its id, kind, the school's id and (once the school has approved settings) its name.</summary>
/// <summary>
/// The case an export is of. <c>about</c> (the people the case is about, as the directory names them) and
/// <c>deadlines</c> (as at the instant read) only for a reader who sees the case in full, as the case view gives them.
/// </summary>
public sealed record ExportedCase(Guid Id, string Kind, string School, string? SchoolName = null,
    IReadOnlyList<ExportedPerson>? About = null, IReadOnlyList<DeadlineView>? Deadlines = null);

/// <summary>Someone a case is about: their name and, in words, who they are to it ("pupil, Year 8").</summary>
public sealed record ExportedPerson(Guid Id, string Name, string Is)
{
    public static IReadOnlyList<ExportedPerson> Of(Case @case, DirectoryNames names)
    {
        var parties = @case.Parties;
        string Pupil(Guid id) => names.Person(id)?.Pupil is { } pupil ? $"pupil, Year {pupil.YearGroup}" : "pupil";
        return
        [
            .. parties.Pupils.Select(id => new ExportedPerson(id, names.Of(id), Pupil(id))),
            .. parties.Subject is { } subject ? [new ExportedPerson(subject, names.Of(subject), "member of staff the allegation is about")] : Array.Empty<ExportedPerson>(),
            .. parties.Parent is { } parent ? [new ExportedPerson(parent, names.Of(parent), "parent")] : Array.Empty<ExportedPerson>(),
            .. @case.StaffVictim is { } victim ? [new ExportedPerson(victim, names.Of(victim), "member of staff targeted")] : Array.Empty<ExportedPerson>(),
        ];
    }
}

/// <summary>From the earliest time an entry says it happened to the last time one was recorded.</summary>
public sealed record TimelinePeriod(DateTimeOffset From, DateTimeOffset To);

public sealed record ExportedBy(Guid Id, string Name, IReadOnlyList<string> Roles);

/// <summary>
/// A case's timeline as it is read or exported: the case, the period, who read it and when, to whom and why
/// it was given (an export), the number of entries and the SHA-256 digest of them (<see cref="TimelineDigest"/>),
/// and the entries oldest first. The CSV and the PDF state the same.
/// </summary>
public sealed record TimelineExport(
    ExportedCase Case,
    TimelinePeriod? Period,
    ExportedBy ExportedBy,
    DateTimeOffset ExportedAt,
    DateTimeOffset? AsOf,
    string? SharedWith,
    string? Why,
    int Count,
    string Digest,
    IReadOnlyList<TimelineEntry> Entries);

/// <summary>
/// GET /api/cases/{id}/timeline: read a case's chronology, or export it for someone outside the school (the
/// LADO, the police, an inspector) as JSON, CSV or PDF. An export by anyone who records is itself recorded
/// on the case (<see cref="TimelineShared"/> with to whom, why, format and digest), appended like any action:
/// at the version that was read (a race is a 409), committed once with the access-log row. An auditor changes
/// nothing, so an auditor's export is an access-log row only.
/// </summary>
public static class ExportTimeline
{
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Pdf = "pdf";

    private static readonly (string Format, string MediaType)[] Formats =
        [(Json, "application/json"), (Csv, "text/csv"), (Pdf, "application/pdf")];

    public static void MapExportTimeline(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/cases/{id:guid}/timeline", async Task<IResult> (
                Guid id, DateTimeOffset? asOf, string? format, string? sharedWith, string? why,
                HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                string? accept = http.Request.Headers.Accept;
                // A refusal is problem details (JSON) whatever format was asked for; the problem writer honours Accept.
                http.Request.Headers.Accept = "application/problem+json";
                var chosen = Negotiate(format, accept);
                AsOf.Checked(asOf, cases.Now);
                await using var session = cases.Session(caller);
                if (await cases.LoadWithEventsAsync(session, caller, id, asOf, ct) is not var (loaded, events))
                {
                    return CaseEndpoints.NotFound();
                }
                var exporting = chosen != Json || sharedWith is not null || why is not null;
                // Who records (anyone but an auditor) says to whom and why; only those with full sight may.
                var records = exporting && CaseGuards.ChangesThings(caller.Actor, "R4") is null;
                if (records)
                {
                    Refusal.Enforce(CaseGuards.Reads(loaded.Visibility));
                    Required(sharedWith, nameof(sharedWith), TextLimits.Name);
                    Required(why, nameof(why), TextLimits.Words);
                }
                else
                {
                    // Not recorded, but still held to the rule, so no one learns that an auditor's text would have passed.
                    TextLimits.Check(sharedWith, nameof(sharedWith), TextLimits.Name);
                    TextLimits.Check(why, nameof(why), TextLimits.Words);
                }

                // A reporter without further rights sees their own report only.
                var inFull = loaded.Visibility == CaseVisibility.Full;
                var shown = inFull ? events : events.Take(1).ToList();
                var names = await DirectoryNames.LoadAsync(session, TimelineEntry.PeopleNamed(shown).Concat(inFull ? loaded.Record.People : []), asOf, ct);
                var now = cases.Now;
                var content = await cases.Keys.ForCaseAsync(session, id, ct);
                var export = Of(loaded.Record, caller, names, shown, content, now, asOf, records ? sharedWith : null, records ? why : null, inFull);
                if (records)
                {
                    // Read now, the export is pinned to the version it showed; as at an instant, to the case's version now.
                    var stream = asOf is null
                        ? await session.Events.FetchForWriting<CaseRecord>(id, loaded.Record.Version, ct)
                        : await session.Events.FetchForWriting<CaseRecord>(id, ct);
                    // Whom it was given to and why are content of the case: stored sealed (ADR 28).
                    var cipher = cases.Keys.ForAppend(session, id, await session.LoadAsync<DataKey>(id, ct), stream.Aggregate);
                    stream.AppendMany(cipher.Seal(stream.Aggregate!.Case.Decide(
                        new ShareTimeline(caller.Actor, now, sharedWith!, why!, chosen, export.Digest), loaded.Context with { AsStored = cipher.Seal })));
                }
                AccessLog.Record(session, caller, [id], exporting ? AccessLog.How.Export : AccessLog.How.Timeline, asOf, now);
                await CaseEndpoints.CommitAsync(session, id, ct);

                return chosen switch
                {
                    Csv => TypedResults.File(ToCsv(export), "text/csv; charset=utf-8", $"timeline-{id}.csv"),
                    Pdf => TypedResults.File(TimelinePdf.Render(export), "application/pdf", $"timeline-{id}.pdf"),
                    _ => TypedResults.Ok(export),
                };
            })
            .WithName("get-case-timeline")
            .WithTags("Cases")
            .WithSummary("The case's chronology, oldest first, each entry in plain words (when, who, what, why), with the number of entries and their SHA-256 digest. " +
                "`format` (json, csv or pdf; else the Accept header: application/json, text/csv, application/pdf) chooses the form. " +
                "CSV and PDF are exports: whoever records says to whom (`sharedWith`) and why (`why`), and the export is recorded on the case " +
                "(timeline-shared, with format and digest); JSON is an export too when `sharedWith` or `why` is given. " +
                "An auditor's export is logged but changes nothing on the case. `asOf` answers as the school knew it then.")
            .Produces<TimelineExport>()
            .WithMetadata(new FileAnswer("text/csv", Binary: false), new FileAnswer("application/pdf", Binary: true))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// The timeline as shown to this caller: its entries in words, the period, the count and the digest; for a reader
    /// who sees it in full (<paramref name="inFull"/>), whom the case is about and its deadlines as at the instant read.
    /// </summary>
    public static TimelineExport Of(CaseRecord record, Caller caller, DirectoryNames names, IEnumerable<IEvent> events, ContentCipher content,
        DateTimeOffset now, DateTimeOffset? asOf, string? sharedWith, string? why, bool inFull)
    {
        var entries = events.Select(e => TimelineEntry.Of(e, names, content)).ToList();
        var at = asOf ?? now;
        return new TimelineExport(
            // The school's name as the settings the case is under give it (ADR 32); none under the default.
            new ExportedCase(record.Id, record.Kind, caller.Tenant, record.Case.File.Policy.Name is { Length: > 0 } name ? name : null,
                inFull ? ExportedPerson.Of(record.Case, names) : null,
                inFull ? [.. record.Deadlines().Select(d => DeadlineView.Of(d, at))] : null),
            entries.Count == 0 ? null : new TimelinePeriod(entries.Min(e => e.OccurredAt), entries.Max(e => e.RecordedAt)),
            new ExportedBy(caller.User.Id, caller.User.Name, caller.User.Roles),
            now, asOf, sharedWith, why, entries.Count, TimelineDigest.Of(entries), entries);
    }

    /// <summary>
    /// The format asked for: <c>format</c> wins (400 if it is none of json, csv, pdf); else the most preferred
    /// of the Accept header's media types that one of them matches (406 if none does); JSON without either.
    /// </summary>
    public static string Negotiate(string? format, string? accept)
    {
        if (format is not null)
        {
            return Formats.Any(f => f.Format == format) ? format
                : throw new CallerRefused(StatusCodes.Status400BadRequest, "format is json, csv or pdf.", "format");
        }
        if (string.IsNullOrWhiteSpace(accept))
        {
            return Json;
        }
        if (!MediaTypeHeaderValue.TryParseList([accept], out var ranges))
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, "The Accept header could not be read.", "Accept");
        }
        return ranges.Where(r => r.Quality is not 0).OrderByDescending(r => r.Quality ?? 1)
            .Select(range => Formats.FirstOrDefault(f => new MediaTypeHeaderValue(f.MediaType).IsSubsetOf(range)).Format)
            .FirstOrDefault(f => f is not null)
            ?? throw new CallerRefused(StatusCodes.Status406NotAcceptable,
                "The timeline is available as application/json, text/csv or application/pdf (or choose with format).", "Accept");
    }

    /// <summary>
    /// The CSV export: first, lines starting with <c>#</c> that state the case, the period, who exported it and
    /// when, to whom and why, the number of entries and their digest (<c># key,value</c>: a reader skips them as
    /// comments, a spreadsheet shows two cells); then a header row and one row per entry. Every line, the
    /// statement included, is written as a record through the CSV writer, so every value is quoted where it needs
    /// to be and one that a spreadsheet would run as a formula is escaped (CsvHelper's injection protection).
    /// </summary>
    public static byte[] ToCsv(TimelineExport export)
    {
        using var bytes = new MemoryStream();
        using (var csv = CsvWriter.Create(bytes, CsvOptions, leaveOpen: true))
        {
            foreach (var (key, value) in Statement(export))
            {
                csv.WriteRecord(["# " + key, Cell(value).ReplaceLineEndings(" ")]);
            }
            csv.WriteRecord([.. CsvColumns]);
            foreach (var e in export.Entries)
            {
                csv.WriteRecord([e.Position.ToString(CultureInfo.InvariantCulture), e.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
                    e.RecordedAt.ToString("O", CultureInfo.InvariantCulture), Cell(e.Who), Cell(e.Role), Cell(e.What), Cell(e.Why ?? ""), e.Type]);
            }
        }
        return bytes.ToArray();
    }

    // Text stored before control characters were refused must not carry them into the file.
    private static string Cell(string text) => TextLimits.Printable(text);

    /// <summary>
    /// RFC 4180 (CRLF, quoted where needed), and every text cell that starts with = + - @, tab or CR escaped with a
    /// leading apostrophe and quoted (CsvHelper's default injection characters, OWASP's list). No comment prefix: the
    /// statement lines are records whose first cell starts with <c>#</c>, which the writer would otherwise quote;
    /// they have two cells and the entries eight, so the field count is not held to the first record's.
    /// </summary>
    public static CsvWriterOptions CsvOptions { get; } = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, ValidateFieldCount = false };

    public static IReadOnlyList<string> CsvColumns { get; } = ["position", "occurredAt", "recordedAt", "who", "role", "what", "why", "type"];

    /// <summary>What the CSV states before its rows, as <c># key: value</c> lines.</summary>
    private static IEnumerable<(string Key, string Value)> Statement(TimelineExport export)
    {
        yield return ("school", export.Case.School);
        yield return ("case", $"{export.Case.Id} ({export.Case.Kind})");
        foreach (var person in export.Case.About ?? [])
        {
            yield return ("about", $"{person.Name} ({person.Is})");
        }
        foreach (var deadline in export.Case.Deadlines ?? [])
        {
            yield return ("deadline", $"{deadline.Name}: {deadline.Due:O} ({deadline.State})");
        }
        yield return ("period", export.Period is { } p ? $"{p.From:O}/{p.To:O}" : "");
        yield return ("exportedBy", $"{export.ExportedBy.Name} ({string.Join(", ", export.ExportedBy.Roles)})");
        yield return ("exportedAt", export.ExportedAt.ToString("O", CultureInfo.InvariantCulture));
        if (export.AsOf is { } asOf)
        {
            yield return ("asOf", asOf.ToString("O", CultureInfo.InvariantCulture));
        }
        if (export.SharedWith is not null)
        {
            yield return ("sharedWith", export.SharedWith);
            yield return ("why", export.Why ?? "");
        }
        yield return ("count", export.Count.ToString(CultureInfo.InvariantCulture));
        yield return ("sha256", export.Digest);
    }

    private static void Required(string? value, string field, int limit)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, $"Say {(field == "why" ? "why the timeline is given" : "to whom the timeline is given")} ({field}).", field);
        }
        // To whom and why are one line each: they head the export, as one CSV cell and one line of the PDF.
        TextLimits.Check(value, field, limit);
    }
}
