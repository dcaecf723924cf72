using System.Text.Json;
using Casework.Cases;
using Casework.Directory;
using Casework.Http;
using JasperFx.Events;
using JasperFx;
using Marten;

namespace Casework.Audit;

/// <summary>
/// One event of the audit trail with its metadata: its place in the store (sequence), its stream (and what the
/// stream is: a case of some kind, a person), its version in the stream, its stable name, when it was recorded
/// and when it happened as the user said (the recording time for an event that carries none), who recorded it
/// with which roles, the request (correlation) and span (causation) that did, and what it says.
/// </summary>
public sealed record AuditEvent(
    long Sequence, Guid StreamId, string? StreamType, string? CaseKind, long Version, string Type,
    DateTimeOffset RecordedAt, DateTimeOffset OccurredAt, Guid? ActorId, IReadOnlyList<string>? ActorRoles,
    string? CorrelationId, string? CausationId, JsonElement Data);

/// <summary>A page of the audit trail; <c>next</c> is the <c>after</c> of the following page (null on the last).</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEvent> Items, long? Next);

/// <summary>
/// GET /api/audit/events: every event of the school in the order it was stored, paged by sequence (keyset on
/// the events table's primary key, so a page costs the same with a million events), filterable by stream,
/// event name and recording time. A page showing a case's events is a read of that case: recorded in the access log.
/// </summary>
public static class ReadAuditTrail
{
    public const string StreamTypeCase = "case";
    public const string StreamTypePerson = "person";
    public const string StreamTypeSchool = "school";

    private static readonly HashSet<string> EventNames = [.. EventCatalog.All.Select(e => e.Name)];

    public static void MapAuditTrail(this RouteGroupBuilder audit) =>
        audit.MapGet("/events", async Task<IResult> (
                long? after, int? limit, Guid? stream, string? type, DateTimeOffset? from, DateTimeOffset? to,
                HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = AuditRoutes.Auditor(http);
                var take = Paging.Limit(limit);
                if (type is not null && !EventNames.Contains(type))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "type is not the name of an event Casework records.", "type");
                }
                if (after < 0)
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "after is the sequence of the last event seen, 0 or more.", "after");
                }
                AuditRoutes.CheckPeriod(from, to);

                await using var session = cases.Session(caller);
                // The one sight rule (Sight): events of a case hidden from the caller are left out by the query itself, so
                // neither the page nor its cursor tells that they exist; a record withheld under R8 shows its events without
                // their content.
                var excluded = await CaseQueries.ExcludedAsync(session, caller, ct);
                // What the same requests wrote elsewhere goes too: a report naming a new subject adds them to the directory
                // in its own commit, and that person event would tell its subject that the report exists.
                var requests = excluded.Length == 0 ? [] : (await session.Events.QueryAllRawEvents()
                    .Where(e => e.StreamId.IsOneOf(excluded) && e.Version == 1 && e.CorrelationId != null).Select(e => e.CorrelationId!).ToListAsync(ct)).Distinct().ToArray();
                var since = after ?? 0;
                var query = session.Events.QueryAllRawEvents()
                    .Where(e => e.Sequence > since && !e.StreamId.IsOneOf(excluded) && (e.CorrelationId == null || !e.CorrelationId.IsOneOf(requests)));
                if (stream is { } id)
                {
                    query = query.Where(e => e.StreamId == id);
                }
                if (type is not null)
                {
                    query = query.Where(e => e.EventTypeName == type);
                }
                if (from is { } start)
                {
                    query = query.Where(e => e.Timestamp >= start);
                }
                if (to is { } end)
                {
                    query = query.Where(e => e.Timestamp < end);
                }
                var events = await query.OrderBy(e => e.Sequence).Take(take + 1).ToListAsync(ct);
                var page = events.Take(take).ToList();

                var streams = page.Select(e => e.StreamId).Distinct().ToArray();
                var batch = session.CreateBatchQuery();
                var records = batch.LoadMany<CaseRecord>().ById(streams);
                var persons = batch.LoadMany<Person>().ById(streams);
                await batch.Execute(ct);
                var caseSight = (await records).ToDictionary(r => r.Id, r => (r.Kind, Sight: Sight.Of(r, caller.Actor)));
                var people = (await persons).Select(p => p.Id).ToHashSet();
                var shown = page.Where(e => !caseSight.TryGetValue(e.StreamId, out var c) || c.Sight != CaseVisibility.None).ToList();
                // Content is opened for the cases whose events are shown with it (ADR 28); the directory's events have none.
                var content = await cases.Keys.ForCasesAsync(session,
                    caseSight.Where(c => c.Value.Sight is not (CaseVisibility.None or CaseVisibility.Withheld)).Select(c => c.Key), ct);

                AccessLog.Record(session, caller, shown.Select(e => e.StreamId).Where(caseSight.ContainsKey),
                    AccessLog.How.AuditTrail, null, cases.Now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new AuditEventPage(
                    [.. shown.Select(e => caseSight.TryGetValue(e.StreamId, out var c)
                        ? Of(e, (StreamTypeCase, c.Kind), c.Sight == CaseVisibility.Withheld ? null : content[e.StreamId])
                        : Of(e, (people.Contains(e.StreamId) ? StreamTypePerson
                            : e.StreamId == SchoolPolicies.SchoolPolicy.StreamId(caller.Tenant) ? StreamTypeSchool : null, null),
                            ContentCipher.Keyless(session.TenantId, e.StreamId)))],
                    events.Count > take ? page[^1].Sequence : null));
            })
            .WithName("list-audit-events")
            .WithSummary("The audit trail: every event of the school in stored order with who, roles, when (recorded and occurred), " +
                "correlation and causation, paged by sequence (`after`: the last sequence seen; `limit`), filterable by `stream` (id), " +
                "`type` (an event name) and recorded time (`from` inclusive, `to` exclusive). Auditors only; the cases shown are recorded in the access log.")
            .Produces<AuditEventPage>();

    private static readonly JsonElement WithheldData = JsonSerializer.SerializeToElement(new { withheld = Sight.WithheldBecause });

    // content: the cipher of the event's case, null when the record is withheld (R8).
    private static AuditEvent Of(IEvent e, (string? StreamType, string? CaseKind) stream, ContentCipher? content) =>
        // A withheld record's events keep no request ids either: they would tie it to what the same request wrote elsewhere
        // (a new subject's directory entry, with their name).
        new(e.Sequence, e.StreamId, stream.StreamType, stream.CaseKind, e.Version, e.EventTypeName,
            e.Timestamp, TimelineEntry.OccurredAtOf(e), TimelineEntry.ActorOf(e), TimelineEntry.RolesOf(e),
            content is null ? null : e.CorrelationId, content is null ? null : e.CausationId,
            content is null ? WithheldData : JsonSerializer.SerializeToElement(content.Open(e.Data), e.Data.GetType(), CaseworkJson.Stored));
}
