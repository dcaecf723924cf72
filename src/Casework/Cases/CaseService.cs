using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Casework.Calendar;
using Casework.Directory;
using Casework.EventStore;
using Casework.Http;
using Npgsql;

namespace Casework.Cases;

/// <summary>A case as loaded for one caller: its kind, folded state, version and events.</summary>
public sealed record LoadedCase(Guid Id, CaseKind Kind, object State, long Version, IReadOnlyList<RecordedEvent> Events, CaseVisibility Visibility);

/// <summary>
/// Runs case commands through the store (load, fold, decide, append at the version decided on) and
/// loads cases for reading, with the visibility rules of each kind applied: a case the caller may not
/// see is answered exactly like a case that does not exist.
/// </summary>
public sealed class CaseService(CommandRunner runner, Casework.EventStore.EventStore store, NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> OccurredAtProperties = new();

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<CaseContext> ContextAsync(string tenant, CancellationToken ct)
    {
        var (directory, _) = await runner.LoadAsync(DirectoryStream(tenant), SchoolDirectoryDecider, ct);
        return CaseContext.From(directory, DeadlineSettings.Default, WorkingDayCalendar.EnglandAndWales, StaffCyberbullyingPolice.VictimDecides);
    }

    public static StreamRef DirectoryStream(string tenant) => new(tenant, "directory", "directory");

    public static Decider<SchoolDirectory.State, object> SchoolDirectoryDecider { get; } = new(SchoolDirectory.Initial, SchoolDirectory.Evolve);

    /// <summary>
    /// Opens a case. With an idempotency key the case id and event ids derive from (tenant, user, key),
    /// so a retried request finds its own events already stored and gets the first answer back.
    /// </summary>
    public async Task<LoadedCase> ReportAsync(Caller caller, CaseKind kind, ICaseCommand command, string? idempotencyKey, CaseContext context, CancellationToken ct)
    {
        var caseId = idempotencyKey is null ? Guid.CreateVersion7(command.Now) : DerivedId($"{caller.Tenant}|{caller.User.Id}|{kind.Name}|{idempotencyKey}");
        Func<int, Guid>? eventIds = idempotencyKey is null ? null : i => DerivedId($"{caseId}|{i}");
        var result = await runner.RunAsync(kind.Stream(caller.Tenant, caseId), ExpectedVersion.NoStream, kind.Decider,
            state => kind.Decide(command, state, context), Metadata(caller), command.Now, eventIds, OccurredAt(command.Now), ct);
        return new LoadedCase(caseId, kind, result.State, result.Version, result.Appended, kind.Visibility(result.State, caller.Actor));
    }

    /// <summary>Acts on a case at the version the caller saw (If-Match). Null: no such case for this caller.</summary>
    public async Task<LoadedCase?> ActAsync(Caller caller, Guid caseId, long expectedVersion, ICaseCommand command, CaseContext context, CancellationToken ct)
    {
        var loaded = await LoadAsync(caller, caseId, null, ct);
        if (loaded is null)
        {
            return null;
        }
        if (loaded.Visibility != CaseVisibility.Full)
        {
            // Refused before any version check or rule, so neither a 409 nor a 422 reveals how the case moved on.
            throw new NotPermitted(loaded.Kind.Name switch { "allegation" => "R4", "parent-breach" => "ROLES", _ => "R2" },
                "You reported this case; what happens next is for the people who manage it.");
        }
        var result = await runner.RunAsync(loaded.Kind.Stream(caller.Tenant, caseId), ExpectedVersion.Exactly(expectedVersion), loaded.Kind.Decider,
            state => loaded.Kind.Decide(command, state, context), Metadata(caller), command.Now, null, OccurredAt(command.Now), ct);
        return loaded with { State = result.State, Version = result.Version, Events = [.. loaded.Events, .. result.Appended] };
    }

    /// <summary>The case as the school knew it (at <paramref name="asOf"/>, or now); null when absent or not visible to the caller.</summary>
    public async Task<LoadedCase?> LoadAsync(Caller caller, Guid caseId, DateTimeOffset? asOf, CancellationToken ct)
    {
        var kind = await KindOfAsync(caller.Tenant, caseId, ct);
        if (kind is null)
        {
            return null;
        }
        var events = await store.ReadStreamAsync(caller.Tenant, kind.StreamId(caseId), asOf: asOf, ct: ct);
        if (events.Count == 0)
        {
            return null;
        }
        var state = kind.Decider.Fold(events.Select(runner.Types.Deserialize));
        var visibility = kind.Visibility(state, caller.Actor);
        return visibility == CaseVisibility.None ? null : new LoadedCase(caseId, kind, state, events[^1].StreamPosition, events, visibility);
    }

    private async Task<CaseKind?> KindOfAsync(string tenant, Guid caseId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "select stream_type from streams where tenant_id = @tenant and stream_id = any(@streams)");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant));
        command.Parameters.Add(new NpgsqlParameter<string[]>("streams", CaseKind.All.Select(k => k.StreamId(caseId)).ToArray()));
        var kinds = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                kinds.Add(reader.GetString(0));
            }
        }
        // Case ids are unique across kinds; two streams under one id would be a fault to stop at, not a choice to make.
        return kinds.Count switch
        {
            0 => null,
            1 => CaseKind.Named(kinds[0]),
            _ => throw new InvalidOperationException("A case id names streams of two kinds."),
        };
    }

    public static EventMetadata Metadata(Caller caller) => new(
        caller.User.Id,
        caller.User.Roles,
        Activity.Current?.TraceId.ToString(),
        Activity.Current?.ParentSpanId.ToString(),
        Client: "api");

    /// <summary>The stored occurred-at: the event's own OccurredAt where it has one (given by the user), else the command's time.</summary>
    public static Func<object, DateTimeOffset> OccurredAt(DateTimeOffset now) => e =>
        OccurredAtProperties.GetOrAdd(e.GetType(), t => t.GetProperty("OccurredAt", typeof(DateTimeOffset)))?.GetValue(e) is DateTimeOffset at ? at : now;

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
