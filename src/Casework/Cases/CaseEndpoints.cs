using System.Text.RegularExpressions;
using Casework.Audit;
using Casework.Directory;
using JasperFx.Events;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Wolverine.Marten;
using Casework.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Casework.Cases;

/// <summary>The body of one case action: it becomes the domain command once the API adds who and when.</summary>
public interface ICaseRequest
{
    ICaseCommand ToCommand(Actor actor, DateTimeOffset now);
}

/// <summary>
/// The HTTP shape shared by every case route: reports answer 201 with Location and ETag, actions need
/// If-Match (428 without, 409 when stale) and answer 200 with the new view and ETag, and a case the
/// caller may not see is 404. Each route has its own request type, so each has its own schema.
/// </summary>
public static partial class CaseEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static RouteHandlerBuilder MapReport<TRequest>(this IEndpointRouteBuilder app, string path, Case blank, string summary, string whoAndRules)
        where TRequest : ICaseRequest =>
        app.MapPost(path, async Task<IResult> (
                [FromBody] TRequest body,
                [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
                HttpContext http, CaseService cases, IMartenOutbox outbox, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                CheckIdempotencyKey(idempotencyKey);
                var now = cases.Now;
                var (created, reportVersion) = await cases.ReportAsync(caller, blank, body.ToCommand(caller.Actor, now), idempotencyKey, CaseService.Digest(body), outbox, ct);
                // A reporter is told the version their report made, never how far the case has moved on since.
                http.Response.Headers.ETag = ETag(created.Visibility == CaseVisibility.Full ? created.Record.Version : reportVersion);
                return TypedResults.Created($"/api/cases/{created.Record.Id}", CaseView.Of(created, caller.Actor, now));
            })
            .WithName("report-" + blank.Kind.Name())
            .WithTags("Reports")
            .WithSummary(summary)
            .WithDescription(WhoAndRules(whoAndRules))
            .Produces<CaseView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static string WhoAndRules(string whoAndRules) => "Who may, and the rules that apply: " + char.ToLowerInvariant(whoAndRules[0]) + whoAndRules[1..];

    /// <summary>
    /// Maps one case action, <c>POST /api/cases/{id}/&lt;name&gt;</c>, on the actions' group: its request type is its
    /// body, so each action has its own schema; <see cref="ActAsync"/> answers every one of them. The summary is in
    /// plain words, since the console shows it above the action's form; who may act and the rules that apply, with
    /// their codes, are the description.
    /// </summary>
    public static RouteHandlerBuilder MapAction<TRequest>(this RouteGroupBuilder actions, CaseAction action, string summary, string whoAndRules)
        where TRequest : ICaseRequest =>
        actions.MapPost("/" + CaseRoutes.RouteName(action), (Guid id, [FromBody] TRequest body, [FromHeader(Name = "If-Match")] string? ifMatch,
                [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, HttpContext http, CaseService cases, IMartenOutbox outbox) =>
                ActAsync(id, body, ifMatch, idempotencyKey, http, cases, outbox))
            .WithName(CaseRoutes.RouteName(action))
            .WithSummary(summary)
            .WithDescription(WhoAndRules(whoAndRules))
            .WithTags("Case actions")
            .Produces<CaseView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// Every case action, in one place and in this order (ADR 24): the case, the directory facts of the people it
    /// names and the first answer to this Idempotency-Key are loaded in one round trip; a case the caller may not
    /// see is 404, one they only reported is 403, a missing or malformed If-Match is 428 or 400, a stale one 409; then
    /// the kind decides, the events are appended and the commit (one round trip, with Wolverine's outbox) checks
    /// the version again, so a race lost there is a 409 too.
    /// </summary>
    public static async Task<IResult> ActAsync<TRequest>(Guid id, TRequest body, string? ifMatch, string? idempotencyKey,
        HttpContext http, CaseService cases, IMartenOutbox outbox)
        where TRequest : ICaseRequest
    {
        var caller = Caller.From(http);
        CheckIdempotencyKey(idempotencyKey);
        var ct = http.RequestAborted;
        await using var session = cases.Session(caller);
        outbox.Enroll(session);
        var key = idempotencyKey is null ? (Guid?)null : CaseService.DerivedId($"{caller.Tenant}|{caller.User.Id}|{id}|{idempotencyKey}");
        var (stream, context, first, dataKey) = await LoadForActionAsync(session, id, key, AssignAction.PeopleNamed(body), ct);
        if (stream.Aggregate is not { } record || record.Case.Visibility(caller.Actor) is var visibility && visibility == CaseVisibility.None)
        {
            return NotFound();
        }
        if (visibility != CaseVisibility.Full && !CompleteAction.ByItsAssignee(record.Case.File, caller.Actor, body))
        {
            // Refused before any version check or rule, so neither a 409 nor a 422 reveals how the case moved on.
            throw new NotPermitted(Sight.ManagersRule(record.Case), visibility == CaseVisibility.Assigned
                ? "You may complete the action assigned to you; what else happens is for the people who manage the case."
                : "You reported this case; what happens next is for the people who manage it.");
        }
        var expected = ParseIfMatch(ifMatch);
        var now = cases.Now;
        var command = body.ToCommand(caller.Actor, now);
        var requestDigest = $"{CaseRoutes.RouteName(command.Action)}:{CaseService.Digest(body)}";
        // A retry with the key of an action already recorded (its answer lost) answers as it first did, before
        // If-Match: the case is at the version that action made, or later, so the retry would otherwise be a 409.
        if (first is not null)
        {
            return await RepeatedAsync(http, session, caller, record, first, requestDigest, context, now,
                await cases.Keys.ForCaseAsync(session, id, ct));
        }
        if (stream.CurrentVersion != expected)
        {
            throw new StaleVersion(stream.CurrentVersion ?? 0);
        }

        var cipher = cases.Keys.ForAppend(session, id, dataKey, record);
        // No access-log row: the events name who acted, when and with which roles, and the access log shows them (ADR 19).
        var after = await AppendAsync(session, stream, record, context, now, cipher, outbox, cases.AlertSettings, (under, ctx) => under.Decide(command, ctx), ct);
        var erased = after.Case.File.Erased && !record.Case.File.Erased;
        if (erased)
        {
            cipher = ContentCipher.Keyless(session.TenantId!, id);
        }
        if (key is not null)
        {
            // Committed with the events, or not at all: a key is never stored for an action that was not.
            session.Insert(new ReportKey(key.Value, requestDigest, after.Version));
        }
        await CommitAsync(session, id, ct);
        if (erased)
        {
            cases.Keys.Forget(session.TenantId!, id);
            // Kept apart from the database, once committed, so that a restore cannot bring the key back (ADR 40).
            await http.RequestServices.GetRequiredService<ErasureLog>().RecordAsync([new ErasureEntry(session.TenantId!, id, now)], ct);
        }
        http.Response.Headers.ETag = ETag(after.Version);
        return TypedResults.Ok(CaseView.Of(cipher.Opened(new LoadedCase(after, Sight.Of(after, caller.Actor), context)), caller.Actor, now));
    }

    /// <summary>
    /// The one way a change reaches a case after its report, for an action (<see cref="ActAsync"/>) and for what the
    /// service records itself (a missed deadline, ADR 36): the school's settings that came into force since the case last
    /// recorded them are recorded first, and decided under (ADR 32); an action that records nothing (R14) records no
    /// settings either. Decided on plain commands, stored sealed (ADR 28); a case stored before content was sealed gets
    /// its key now; an erasure deletes the case's data key in the same commit (ADR 34). Then, in the same transaction (the session is enrolled in <paramref name="outbox"/>), the deadlines
    /// the change set or moved are scheduled and the alerts it raises published (<see cref="Alerts.CaseAlerts"/>).
    /// </summary>
    public static async Task<CaseRecord> AppendAsync(IDocumentSession session, IEventStream<CaseRecord> stream, CaseRecord record, CaseContext context, DateTimeOffset now,
        ContentCipher cipher, Wolverine.IMessageBus outbox, Alerts.AlertSettings alerts, Func<Case, CaseContext, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var settings = context.School.ToApply(record.Case.File.PolicyVersion, record.Case.File.ReportedAt, now);
        var under = CaseRecord.Append(record, record.Id, record.Version, settings)!;
        var decided = decide(under.Case, context with { AsStored = cipher.Seal });
        // A deadline the change finds already past is recorded missed with it, so the version it answers is the case's.
        IReadOnlyList<object> stored = decided.Count == 0 ? []
            : cipher.Seal([.. decided, .. Alerts.DeadlineChecks.Missed(CaseRecord.Append(under, under.Id, under.Version, decided)!.Case, now)]);
        // An erasure records the earlier copies to tell of it (UK GDPR Art. 19) and the events it cannot reach (ADR 34).
        stored = await EraseContent.RecordedAsync(session, record.Id, stored, ct);
        IReadOnlyList<object> events = stored.Count == 0 ? [] : [.. settings, .. stored];
        stream.AppendMany(events);
        if (events.OfType<ContentErased>().Any())
        {
            // Crypto-shredding: the key goes in the commit that records the decision; the events stay (ADR 34).
            session.Delete<DataKey>(record.Id);
        }
        var after = CaseRecord.Append(record, record.Id, record.Version, events)!;
        if (events.Count > 0)
        {
            await Alerts.CaseAlerts.FollowAsync(session, record, after, events, now, outbox, alerts, context, ct);
        }
        return after;
    }

    // The case for writing, the facts a decision on it needs (the directory's, of its people and of those the request
    // names, and the school's settings), the key's first answer and the case's data key: one round trip.
    internal static async Task<(IEventStream<CaseRecord> Stream, CaseContext Context, ReportKey? First, DataKey? DataKey)> LoadForActionAsync(
        IDocumentSession session, Guid id, Guid? key, IReadOnlyList<Guid> named, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var stream = batch.Events.FetchForWriting<CaseRecord>(id);
        var people = CaseService.PeopleOf(batch, id);
        var namedPeople = named.Count == 0 ? Task.FromResult<IReadOnlyList<Person>>([]) : batch.LoadMany<Person>().ById(named.ToArray());
        var school = CaseService.SchoolOf(batch);
        var first = key is { } keyId ? batch.Load<ReportKey>(keyId) : Task.FromResult<ReportKey?>(null);
        var dataKey = batch.Load<DataKey>(id);
        await batch.Execute(ct);
        return (await stream, await CaseService.ContextOfAsync(session, (await stream).Aggregate, [.. await people, .. await namedPeople], ct, await school),
            await first, await dataKey);
    }

    /// <summary>
    /// Commits what a request appended to case <paramref name="id"/>. A race lost at commit (another change made the
    /// version the append expected) is a 409 with the case's version now.
    /// </summary>
    public static async Task CommitAsync(IDocumentSession session, Guid id, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
        }
        // Two first actions on a case stored before content was sealed both made it a data key: one commits.
        catch (Exception e) when (e is ConcurrencyException or DocumentAlreadyExistsException)
        {
            await using var reader = session.DocumentStore.QuerySession(session.TenantId);
            throw new StaleVersion((await reader.Events.FetchStreamStateAsync(id, ct))?.Version ?? 0);
        }
    }

    // The first answer to a keyed action: the case view at the version it made. Nothing is appended.
    private static async Task<IResult> RepeatedAsync(HttpContext http, IDocumentSession session, Caller caller, CaseRecord current,
        ReportKey first, string requestDigest, CaseContext context, DateTimeOffset now, ContentCipher cipher)
    {
        if (first.RequestDigest != requestDigest)
        {
            throw new CallerRefused(StatusCodes.Status422UnprocessableEntity,
                "This Idempotency-Key was already used for a different request; use a new key for a new action.", IdempotencyKeyHeader);
        }
        var record = CaseRecord.Of(current.Id, await session.Events.FetchStreamAsync(current.Id, first.Version, token: http.RequestAborted))!;
        // The answer shows the case again and appends no event to say so: a read.
        AccessLog.Record(session, caller, [current.Id], AccessLog.How.Act, null, now);
        await session.SaveChangesAsync(http.RequestAborted);
        http.Response.Headers.ETag = ETag(record.Version);
        // As it was then, seen by the one rule as it is now (R8 withholding included).
        return TypedResults.Ok(CaseView.Of(cipher.Opened(new LoadedCase(record, Sight.Of(current, record, caller.Actor), context)), caller.Actor, now));
    }

    /// <summary>An Idempotency-Key is one line of 1 to 200 characters: a 400 naming the header otherwise.</summary>
    public static void CheckIdempotencyKey(string? key)
    {
        if (key is { Length: 0 or > 200 })
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, "An Idempotency-Key is 1 to 200 characters.", IdempotencyKeyHeader);
        }
        TextLimits.Check(key, IdempotencyKeyHeader, 200);
    }

    public static void MapCaseReads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases/{id:guid}", async Task<IResult> (
                Guid id, DateTimeOffset? asOf, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                AsOf.Checked(asOf, cases.Now);
                await using var session = cases.Session(caller);
                var loaded = await cases.LoadAsync(session, caller, id, asOf, ct);
                if (loaded is null)
                {
                    return NotFound();
                }
                AccessLog.Record(session, caller, [id], AccessLog.How.View, asOf, cases.Now);
                await session.SaveChangesAsync(ct);
                var view = CaseView.Of(loaded, caller.Actor, asOf ?? cases.Now);
                // The version tells how far a case has moved on: only those the view shows it to are told.
                if (view.Version is { } version)
                {
                    http.Response.Headers.ETag = ETag(version);
                }
                return TypedResults.Ok(view);
            })
            .WithName("get-case")
            .WithTags("Cases")
            .WithSummary("The case view: kind, status, people, manager, deadlines, version and the actions you may take now. `asOf` answers as the school knew it then.")
            .Produces<CaseView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static string ETag(long version) => $"\"{version}\"";

    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(title: "No such case.", detail: "There is no case with this id that you may see.", statusCode: StatusCodes.Status404NotFound);

    public static long ParseIfMatch(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            throw new CallerRefused(StatusCodes.Status428PreconditionRequired,
                "Send If-Match with the case version you read (its ETag), so that no change made meanwhile is overlooked.", "If-Match");
        }
        // Exactly one strong entity tag holding a version: a quoted decimal without sign, spaces or leading zeros.
        // A weak tag never matches (RFC 9110 section 13.1.1), and a list of tags is not a version.
        return IfMatchVersion().Match(ifMatch) is { Success: true } match && long.TryParse(match.Groups[1].ValueSpan, out var version)
            ? version
            : throw new CallerRefused(StatusCodes.Status400BadRequest, "If-Match must be exactly one case ETag, such as \"3\".", "If-Match");
    }

    [GeneratedRegex("^\"([1-9][0-9]{0,17})\"$")]
    private static partial Regex IfMatchVersion();
}
