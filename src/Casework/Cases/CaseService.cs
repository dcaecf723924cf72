using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Casework.Allegations;
using Casework.Concerns;
using Casework.Directory;
using Casework.Disclosures;
using Casework.Http;
using Casework.ParentBreaches;
using Casework.SchoolPolicies;
using JasperFx.Events;
using Marten;
using JasperFx;
using Marten.Services.BatchQuerying;
using Wolverine.Marten;

namespace Casework.Cases;

/// <summary>A case as loaded for one caller, with what that caller may see of it.</summary>
public sealed record LoadedCase(CaseRecord Record, CaseVisibility Visibility, CaseContext Context);

/// <summary>
/// An Idempotency-Key used (stored as report_key): for a report, the case it made (its id derives from the key); for
/// an action, an id derived from the key and the case. With a digest of the request, and the version it made.
/// </summary>
public sealed record ReportKey(Guid Id, string RequestDigest, long Version);

/// <summary>A case just reported, and the version the report itself made (a reporter is told no later one).</summary>
public sealed record ReportedCase(LoadedCase Case, long Version);

/// <summary>The version the caller sent is not the case's: answered 409 with the current version.</summary>
public sealed class StaleVersion(long current) : Exception("The case has changed since it was read.")
{
    public long CurrentVersion { get; } = current;
}

/// <summary>
/// Opens cases and loads them for reading on Marten, with the visibility rules of each kind applied (a case the
/// caller may not see is answered exactly like a case that does not exist), and reads the directory facts a
/// decision needs. Actions on a case run in <see cref="CaseEndpoints.ActAsync"/>.
/// </summary>
public sealed class CaseService(IDocumentStore store, TimeProvider clock, ContentKeys keys, Alerts.AlertSettings alerts)
{
    public ContentKeys Keys => keys;

    /// <summary>Where the school's alerts go (ADR 37): the channels each alert a change raises is published to.</summary>
    public Alerts.AlertSettings AlertSettings => alerts;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A session in the caller's school, stamping every event with who, why and the trace.</summary>
    public IDocumentSession Session(Caller caller)
    {
        var session = store.LightweightSession(caller.Tenant);
        Stamp(session, caller);
        return session;
    }

    /// <summary>Who, and which request, every event of this session records.</summary>
    public static void Stamp(IDocumentSession session, Caller caller)
    {
        session.CorrelationId = Activity.Current?.TraceId.ToString();
        session.CausationId = Activity.Current?.ParentSpanId.ToString();
        session.LastModifiedBy = caller.User.Id.ToString();
        session.SetHeader(EventHeaders.Roles, caller.User.Roles.ToArray());
        session.SetHeader(EventHeaders.Client, "api");
        // Someone the directory does not hold (a LADO, an outside agency's officer) is named as their token names them.
        if (!string.IsNullOrWhiteSpace(caller.User.Name))
        {
            session.SetHeader(EventHeaders.Name, caller.User.Name);
        }
    }

    /// <summary>
    /// Opens a case. With an idempotency key the case id derives from (tenant, user, kind, key), so a retried
    /// request finds its case already stored and gets the first answer back; the same key with another
    /// request is refused rather than answered with a case the caller did not ask for. Someone a report adds to
    /// the directory (an allegation's subject it did not hold) gets their person stream in the same commit.
    /// </summary>
    public async Task<ReportedCase> ReportAsync(Caller caller, Case blank, ICaseCommand command, string? idempotencyKey, string requestDigest,
        IMartenOutbox outbox, CancellationToken ct)
    {
        await using var session = Session(caller);
        // The deadlines the report sets are scheduled, and its alerts published, in its own transaction (ADR 36).
        outbox.Enroll(session);
        var caseId = idempotencyKey is null ? Guid.CreateVersion7(command.Now) : DerivedId($"{caller.Tenant}|{caller.User.Id}|{blank.Kind.Name()}|{idempotencyKey}");
        if (idempotencyKey is not null && await session.LoadAsync<ReportKey>(caseId, ct) is { } stored)
        {
            return await RetriedAsync(session, caller, stored, requestDigest, ct);
        }

        var context = await ContextAsync(session, PeopleNamed(command), null, ct, withSchool: true);
        var decided = blank.Decide(command, context);
        foreach (var added in decided.OfType<StaffMemberAdded>())
        {
            session.Events.StartStream<Person>(added.StaffId, added);
        }
        var report = decided.Where(e => e is not StaffMemberAdded).ToList();
        // The school's settings in force since the school was told, recorded with the report (ADR 32). The case's data
        // key is made with its first event and committed with it; its content is stored sealed (ADR 28).
        var told = CaseRecord.Append(null, caseId, 0, report)!.Case.File.ReportedAt;
        var cipher = keys.ForAppend(session, caseId, null, null);
        IReadOnlyList<object> reported = [.. cipher.Seal(report), .. context.School.ToApply(0, told, command.Now)];
        // A report of something the school was told of long ago records the deadlines already missed with it (ADR 36).
        IReadOnlyList<object> events = [.. reported, .. Alerts.DeadlineChecks.Missed(CaseRecord.Append(null, caseId, 0, reported)!.Case, command.Now)];
        session.Events.StartStream<CaseRecord>(caseId, events);
        var record = CaseRecord.Append(null, caseId, 0, events)!;
        await Alerts.CaseAlerts.FollowAsync(session, null, record, events, command.Now, outbox, alerts, context, ct);
        if (idempotencyKey is not null)
        {
            session.Insert(new ReportKey(caseId, requestDigest, events.Count));
        }
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception) when (idempotencyKey is not null)
        {
            // The same request raced itself: the first commit answers both. Anything else is rethrown.
            await using var again = Session(caller);
            if (await again.LoadAsync<ReportKey>(caseId, ct) is not { } first)
            {
                throw;
            }
            return await RetriedAsync(again, caller, first, requestDigest, ct);
        }
        return new ReportedCase(cipher.Opened(new LoadedCase(record, Sight.Of(record, caller.Actor), context)), events.Count);
    }

    private async Task<ReportedCase> RetriedAsync(IDocumentSession session, Caller caller, ReportKey stored, string requestDigest, CancellationToken ct)
    {
        if (stored.RequestDigest != requestDigest)
        {
            throw new CallerRefused(StatusCodes.Status422UnprocessableEntity,
                "This Idempotency-Key was already used for a different request; use a new key for a new report.", CaseEndpoints.IdempotencyKeyHeader);
        }
        // The first answer: the case as that report left it, seen by the one rule as the case is now.
        var now = (await session.LoadAsync<CaseRecord>(stored.Id, ct))!;
        var then = CaseRecord.Of(stored.Id, await session.Events.FetchStreamAsync(stored.Id, stored.Version, token: ct))!;
        var context = await ContextAsync(session, then.People, null, ct);
        var cipher = await keys.ForCaseAsync(session, stored.Id, ct);
        return new ReportedCase(cipher.Opened(new LoadedCase(then, Sight.Of(now, then, caller.Actor), context)), stored.Version);
    }

    /// <summary>
    /// The case as the school knew it (at <paramref name="asOf"/>, or now), its content opened as far as the caller may
    /// see it (ADR 29); null when absent or not visible to the caller (<see cref="Sight"/>).
    /// </summary>
    public async Task<LoadedCase?> LoadAsync(IDocumentSession session, Caller caller, Guid caseId, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (asOf is null)
        {
            // The case, the directory facts of its people and its data key in one round trip; a hidden case costs what a missing one does.
            var batch = session.CreateBatchQuery();
            var record = batch.Load<CaseRecord>(caseId);
            var people = PeopleOf(batch, caseId);
            var dataKey = batch.Load<DataKey>(caseId);
            await batch.Execute(ct);
            return await record is { } current && Sight.Of(current, caller.Actor) is var visibility && visibility != CaseVisibility.None
                ? keys.Of(session.TenantId, caseId, await dataKey).Opened(new LoadedCase(current, visibility, await ContextOfAsync(session, current, await people, ct)))
                : null;
        }
        var now = await session.LoadAsync<CaseRecord>(caseId, ct);
        if (now is null || Sight.Of(now, caller.Actor) == CaseVisibility.None)
        {
            return null; // decided before the past is read, so a hidden case costs what a missing one does
        }
        var then = await session.Events.AggregateStreamAsync<CaseRecord>(caseId, timestamp: asOf, token: ct);
        return await VisibleAsync(session, caller, now, then, asOf, ct) is { } loaded ? (await keys.ForCaseAsync(session, caseId, ct)).Opened(loaded) : null;
    }

    /// <summary>
    /// Enlists in <paramref name="batch"/> the directory documents a decision or view on case <paramref name="caseId"/>
    /// needs now: the people it names (the case document's <c>people</c> column, read through its primary key) and
    /// whoever manages cases (who routes allegations, R4, and whom its alerts address by role). With the case itself in the same batch, one round trip.
    /// </summary>
    public static Task<IReadOnlyList<Person>> PeopleOf(IBatchedQuery batch, Guid caseId)
    {
        var tenant = batch.Parent.TenantId;
        return batch.Query<Person>(PeopleOfCaseSql(batch.Parent.DocumentStore.Options.Schema.For<CaseRecord>()), tenant, tenant, caseId);
    }

    /// <summary>
    /// The person table's <c>where</c> for <see cref="PeopleOf"/>; parameters: tenant, tenant, case id. The case's people
    /// are an array (<c>array(...)</c>, not <c>in (select ...)</c>) so that PostgreSQL reads both halves of the <c>or</c>
    /// through their indexes, never the whole directory (RegisterQueryPlanTests).
    /// </summary>
    public static string PeopleOfCaseSql(string caseTable) =>
        "where d.tenant_id = ? and (d.manages_cases = true or d.id = any(array(select unnest(c.people) from " +
        caseTable + " as c where c.tenant_id = ? and c.id = ?)))";

    /// <summary>
    /// The context of <paramref name="record"/> from the people <see cref="PeopleOf"/> read. A case document written
    /// before it listed its people (ADR 24) has the rest loaded by id: one more round trip, until it is rewritten.
    /// </summary>
    public static async Task<CaseContext> ContextOfAsync(
        IQuerySession session, CaseRecord? record, IReadOnlyList<Person> people, CancellationToken ct, IReadOnlyList<IEvent>? school = null)
    {
        var missing = record?.People.Where(id => id != Guid.Empty).Except(people.Select(p => p.Id)).ToArray() ?? [];
        return CaseContext.Of(missing.Length == 0 ? people : [.. people, .. await session.LoadManyAsync<Person>(ct, missing)],
            school is null ? null : SchoolPolicy.Fold(school));
    }

    /// <summary>Enlists in <paramref name="batch"/> the events of the school's settings (ADR 32): a few a year, folded by <see cref="SchoolPolicy.Fold"/>.</summary>
    public static Task<IReadOnlyList<IEvent>> SchoolOf(IBatchedQuery batch) => batch.Events.FetchStream(SchoolPolicy.StreamId(batch.Parent.TenantId!));

    /// <summary>
    /// The case and its events up to <paramref name="asOf"/>, from one read of the stream; null when absent or not
    /// visible. A record withheld under R8 has no timeline to read: its events are its content; nor has an assignee, who sees their action only.
    /// </summary>
    public async Task<(LoadedCase Case, IReadOnlyList<IEvent> Events)?> LoadWithEventsAsync(
        IDocumentSession session, Caller caller, Guid caseId, DateTimeOffset? asOf, CancellationToken ct)
    {
        var now = await session.LoadAsync<CaseRecord>(caseId, ct);
        if (now is null || Sight.Of(now, caller.Actor) == CaseVisibility.None)
        {
            return null;
        }
        var events = await session.Events.FetchStreamAsync(caseId, timestamp: asOf, token: ct);
        if (await VisibleAsync(session, caller, now, CaseRecord.Of(caseId, events), asOf, ct) is not { } loaded)
        {
            return null;
        }
        return loaded.Visibility switch
        {
            CaseVisibility.Withheld => throw new NotPermitted("R8", Sight.WithheldBecause),
            CaseVisibility.Assigned => throw new NotPermitted(Sight.ManagersRule(now.Case),
                "The action assigned to you is in the case view; the case's timeline is for those who manage it."),
            _ => (loaded, events),
        };
    }

    private static async Task<LoadedCase?> VisibleAsync(
        IDocumentSession session, Caller caller, CaseRecord? now, CaseRecord? then, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (now is null || then is null || Sight.Of(now, then, caller.Actor) is var visibility && visibility == CaseVisibility.None)
        {
            return null;
        }
        return new LoadedCase(then, visibility, await ContextAsync(session, then.People, asOf, ct));
    }

    /// <summary>
    /// The directory facts a decision or view needs: the people named, and who manages cases (R4 and the alerts),
    /// in one round trip; as at a past instant, each person's stream read up to then.
    /// </summary>
    public static async Task<CaseContext> ContextAsync(
        IQuerySession session, IEnumerable<Guid> named, DateTimeOffset? asOf, CancellationToken ct, bool withSchool = false)
    {
        var ids = named.Distinct().ToArray();
        if (asOf is not null)
        {
            return CaseContext.Of(await PeopleAsync(session, ids, asOf, ct));
        }
        var batch = session.CreateBatchQuery();
        var people = batch.LoadMany<Person>().ById(ids);
        var managers = batch.Query<Person>().Where(p => p.ManagesCases).ToList();
        // The school's settings only for a report, which records them (ADR 32); a read shows the case as stored.
        var school = withSchool ? SchoolOf(batch) : null;
        await batch.Execute(ct);
        return CaseContext.Of([.. await people, .. await managers], school is null ? null : SchoolPolicy.Fold(await school));
    }

    /// <summary>
    /// The people named, in one round trip: their documents now, or each one's stream read up to
    /// <paramref name="asOf"/> and folded as the directory's projection folds it.
    /// </summary>
    public static async Task<IReadOnlyList<Person>> PeopleAsync(IQuerySession session, IEnumerable<Guid> named, DateTimeOffset? asOf, CancellationToken ct)
    {
        var ids = named.Where(id => id != Guid.Empty).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }
        if (asOf is null)
        {
            return await session.LoadManyAsync<Person>(ct, ids);
        }
        var batch = session.CreateBatchQuery();
        var streams = ids.Select(id => (Id: id, Events: batch.Events.FetchStream(id, timestamp: asOf))).ToList();
        await batch.Execute(ct);
        var then = new List<Person>();
        foreach (var (id, events) in streams)
        {
            if ((await events).Aggregate((Person?)null, (p, e) => Person.Fold(p, id, e.Version, e.Data)) is { } person)
            {
                then.Add(person);
            }
        }
        return then;
    }

    /// <summary>
    /// Every case of the tenant as the school knew it at <paramref name="at"/>: its events recorded up to then, read in
    /// one pass in sequence order and folded as the inline projection folds them. Its cost grows with the tenant's
    /// events, so it serves reads as at a past instant only; the present is read from the case documents.
    /// </summary>
    public async Task<IReadOnlyList<CaseRecord>> AllAsOfAsync(IQuerySession session, DateTimeOffset at, CancellationToken ct)
    {
        var records = new Dictionary<Guid, CaseRecord?>();
        var events = session.Events.QueryAllRawEvents()
            .Where(e => e.Timestamp <= at && e.EventTypeName.IsOneOf(CaseEventNames))
            .OrderBy(e => e.Sequence)
            .ToAsyncEnumerable(ct);
        await foreach (var e in events)
        {
            records[e.StreamId] = CaseRecord.Fold(records.GetValueOrDefault(e.StreamId), e.StreamId, e.Version, e.Data);
        }
        return [.. records.Values.OfType<CaseRecord>()];
    }

    private static readonly string[] CaseEventNames = [.. EventCatalog.Cases.Select(e => e.Name)];

    // The people a report names, so its decision can check that they are in the directory (R1) and route it (R4).
    private static IEnumerable<Guid> PeopleNamed(ICaseCommand command) => command switch
    {
        ReportConcern c => [.. c.Pupils.Select(p => p.PupilId), .. Optional(c.StaffVictimId)],
        RecordDisclosure c => [c.PupilId, c.DisclosedTo, .. Optional(c.OtherPupilId)],
        ReportAllegation c => [c.SubjectId, .. c.PupilIds ?? []],
        ReportParentBreach c => [c.ParentId, .. c.PupilIds, .. Optional(c.TargetStaffId)],
        _ => [],
    };

    private static IEnumerable<Guid> Optional(Guid? id) => id is { } value ? [value] : [];

    /// <summary>A digest of a request body, to tell a retry from another request under the same key.</summary>
    public static string Digest(object request) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), CaseworkJson.Options)));

    /// <summary>A name-based id (RFC 9562 version 8) from SHA-256, for idempotent creates.</summary>
    public static Guid DerivedId(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}

/// <summary>The headers every event carries beside Marten's own metadata (correlation, causation, user).</summary>
public static class EventHeaders
{
    public const string Roles = "roles";
    public const string Client = "client";

    /// <summary>The actor's name as their token gave it, for the timeline of someone the directory does not hold.</summary>
    public const string Name = "name";
}
