using Casework.Audit;
using Casework.Cases;
using Casework.Directory;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace Casework.Alerts;

/// <summary>One alert sent for a case, as its managers see it: to whom, by which channel, when, and whether it arrived.</summary>
public sealed record CaseAlert(Guid AlertId, Guid RecipientId, string? RecipientName, AlertChannel Channel, DateTimeOffset RaisedAt,
    bool Delivered, DateTimeOffset? DeliveredAt, int Attempts, bool Failed);

/// <summary>
/// A delivery that failed, as the administrator sees it (issue 17): to whom, by which channel, when it was last tried,
/// how often and the class of the error; never what it was about (no case, no kind, no rule, no deadline).
/// </summary>
public sealed record FailedDelivery(string Id, Guid RecipientId, string? RecipientName, AlertChannel Channel, DateTimeOffset LastAttemptAt,
    int Attempts, string? Error);

public sealed record FailedDeliveryPage(IReadOnlyList<FailedDelivery> Items, string? Next);

/// <summary>Why the administrator sends a failed delivery again (kept on the delivery's record).</summary>
public sealed record ReplayDeliveryRequest([TextLimit(TextLimits.Words)] string Why)
{
    public static ReplayDeliveryRequest Example { get; } = new("The school's receiver is back after its maintenance.");
}

/// <summary>
/// The alerts of a case (through the sight rule, like every case route: only a reader who sees the case in full sees
/// whom it alerted), and the administrator's failed deliveries with their replay (ADR 37).
/// </summary>
public static class ReadAlerts
{
    public static void MapAlerts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases/{id:guid}/alerts", async Task<IResult> (Guid id, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                await using var session = cases.Session(caller);
                var record = await session.LoadAsync<CaseRecord>(id, ct);
                var visibility = record is null ? CaseVisibility.None : Sight.Of(record, caller.Actor);
                if (visibility == CaseVisibility.None)
                {
                    return CaseEndpoints.NotFound();
                }
                if (visibility != CaseVisibility.Full)
                {
                    throw new NotPermitted("R4", "Only those who see the case in full see whom it alerted.");
                }
                var sent = await session.Query<AlertDelivery>().Where(d => d.CaseId == id).OrderBy(d => d.RaisedAt).ThenBy(d => d.Id).ToListAsync(ct);
                var names = await NamesAsync(session, sent.Select(d => d.RecipientId), ct);
                AccessLog.Record(session, caller, [id], AccessLog.How.Alerts, null, cases.Now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(sent.Select(d => new CaseAlert(d.AlertId, d.RecipientId, names.GetValueOrDefault(d.RecipientId), d.Channel, d.RaisedAt,
                    d.Delivered, d.DeliveredAt, d.Attempts, d.Failed)).ToList());
            })
            .WithName("get-case-alerts").WithTags("Cases")
            .WithSummary("The alerts sent for the case: to whom, by webhook or e-mail, when, and whether each was delivered. Only for readers who see the case in full.")
            .Produces<List<CaseAlert>>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var admin = app.MapGroup("/api/admin/alerts").WithTags("Alerts")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/failed", async (string? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Admin(http);
                var take = Paging.Limit(limit);
                await using var session = cases.Session(caller);
                var query = session.Query<AlertDelivery>().Where(d => d.Failed);
                if (after is not null)
                {
                    query = query.Where(d => d.MatchesSql("d.id > ?", after));
                }
                var page = await query.OrderBy(d => d.Id).Take(take + 1).ToListAsync(ct);
                var names = await NamesAsync(session, page.Select(d => d.RecipientId), ct);
                return TypedResults.Ok(new FailedDeliveryPage([.. page.Take(take).Select(d =>
                        new FailedDelivery(d.Id, d.RecipientId, names.GetValueOrDefault(d.RecipientId), d.Channel, d.LastAttemptAt, d.Attempts, d.LastError))],
                    page.Count > take ? page[take - 1].Id : null));
            })
            .WithName("list-failed-alert-deliveries")
            .WithSummary("Alert deliveries that failed after every retry (administrators only): to whom, by which channel, when last tried and the class of the error; never what about.")
            .Produces<FailedDeliveryPage>();
        admin.MapPost("/failed/{id}/replay", async Task<IResult> (string id, ReplayDeliveryRequest body, HttpContext http, CaseService cases, IMessageStore messages, CancellationToken ct) =>
            {
                var caller = Admin(http);
                if (string.IsNullOrWhiteSpace(body.Why))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "Say why the delivery is sent again (why).", "why");
                }
                await using var session = cases.Session(caller);
                // Read in the caller's school only: another school's delivery is no delivery here.
                if (await session.LoadAsync<AlertDelivery>(id, ct) is not { Failed: true } failed)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No failed delivery has this id.");
                }
                // Off the list first: the replayed message records its own outcome, which this must not overwrite.
                session.Store(failed with { Failed = false, ReplayedBecause = body.Why.Trim() });
                await session.SaveChangesAsync(ct);
                await messages.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([failed.EnvelopeId]), ct);
                return TypedResults.Accepted((string?)null);
            })
            .WithName("replay-failed-alert-delivery")
            .WithSummary("Try a failed delivery again: it goes back to the queue, with its retries, and leaves the failed list.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Caller Admin(HttpContext http)
    {
        var caller = Caller.From(http);
        return caller.Actor.Has(Role.Admin) ? caller : throw new NotPermitted("ROLES", "Only an administrator reads and replays failed alert deliveries.");
    }

    private static async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToArray();
        return wanted.Length == 0
            ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<Person>(ct, wanted)).ToDictionary(p => p.Id, p => p.Name);
    }
}
