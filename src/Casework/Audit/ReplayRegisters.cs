using System.Data;
using Casework.Cases;
using Casework.Http;
using Casework.Operations;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using NpgsqlTypes;

namespace Casework.Audit;

/// <summary>How many differing rows a replay lists at most (it counts them all).</summary>
public sealed record ReplayRequest(int? MaxDifferences = null)
{
    public const int DefaultMaxDifferences = 100;
    public const int MostDifferences = 1000;

    public static ReplayRequest Example { get; } = new(DefaultMaxDifferences);
}

/// <summary>What a replay did: the events it replayed, each register's rows live and replayed, and every row that differs.</summary>
public sealed record ReplayReport(
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, long EventsReplayed, IReadOnlyList<ReplayedTable> Tables, IReadOnlyList<ReplayDifference> Differences);

/// <summary>One register's table: its rows live and as replayed, and how many rows differ (all counted, even beyond those listed).</summary>
public sealed record ReplayedTable(string Name, long LiveRows, long ReplayedRows, long Differences);

/// <summary>
/// A row that differs: <c>missing-in-live</c> (the events make it, the live table lacks it), <c>missing-in-replay</c>
/// (the live table holds a row no event makes) or <c>differs</c>, with the names of the top-level members (and
/// <c>column:name</c> for a searchable copy of one) that differ. Ids and names only, never what a row says.
/// </summary>
public sealed record ReplayDifference(string Table, string Tenant, string Id, string Kind, IReadOnlyList<string> Members);

/// <summary>A replay is already running on this store: one at a time (HTTP 409).</summary>
public sealed class ReplayInProgress() : Exception("A replay of the registers is already running; try again when it has finished.");

/// <summary>
/// The auditor's proof that the registers are what the events say (ADR "Audit routes and replay"): a fresh
/// schema configured exactly as the live store (<see cref="StoreSetup.Configure"/>), the live events and streams
/// copied into it with the live registers as they stood at the same instant, the registers rebuilt there by
/// <see cref="RegisterRebuild"/> (the inline projections' own folds, written in bulk; ADR 21), then each register compared row by row (tenant and id; the JSON and its searchable copies).
/// The fresh schema is dropped afterwards. Compares every document a registered projection writes; the rebuild refuses
/// a projection it does not fold, so a new register cannot be skipped silently. One replay at a time per store, across processes (an advisory lock).
/// </summary>
public sealed class RegisterReplay(IDocumentStore live, NpgsqlDataSource dataSource, TimeProvider clock, ILogger logger)
{
    /// <summary>
    /// Replays the given schools (every school when null) and reports at most <paramref name="maxDifferences"/> rows.
    /// The streams in <paramref name="hidden"/> (cases the reader may not see: <see cref="Sight"/>) are left out of both
    /// sides, so the counts and differences say nothing of them.
    /// </summary>
    public async Task<ReplayReport> RunAsync(IReadOnlyList<string>? tenants, int maxDifferences, CancellationToken ct, Guid[]? hidden = null)
    {
        var startedAt = clock.GetUtcNow();
        var liveSchema = live.Options.DatabaseSchemaName;
        await using var guard = await dataSource.OpenConnectionAsync(ct);
        var lockName = new NpgsqlParameter { Value = "casework-replay:" + liveSchema };
        if (!await ScalarAsync<bool>(guard, "select pg_try_advisory_lock(hashtext($1))", ct, lockName))
        {
            throw new ReplayInProgress();
        }

        var replaySchema = $"{liveSchema[..Math.Min(liveSchema.Length, 40)]}_replay_{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            await using var replay = DocumentStore.For(options => StoreSetup.Configure(options, dataSource, replaySchema));
            var missing = ((StoreOptions)live.Options).Projections.All.Select(p => p.Name).Except(replay.Options.Projections.All.Select(p => p.Name)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"Projections registered outside StoreSetup.Configure cannot be replayed: {string.Join(", ", missing)}.");
            }
            await replay.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

            var tables = replay.Options.Projections.All.SelectMany(p => p.PublishedTypes()).Distinct()
                .Select(type => ((IReadOnlyStoreOptions)replay.Options).FindOrResolveDocumentType(type).TableName.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            var events = await CopyAsync(liveSchema, replaySchema, tables, tenants, hidden ?? [], ct);
            logger.LogInformation("Replay copied {Events} events into {Schema}; rebuilding {Projections} projections",
                events, replaySchema, replay.Options.Projections.All.Count);

            // The schema holds the chosen schools' events only, so every tenant in it is rebuilt.
            var rebuilt = await RegisterRebuild.RunAsync(replay, null, ct);
            logger.LogInformation("Replay folded {Events} events in {ReadAndFold} and wrote {Cases} cases and {People} people in {Write}",
                rebuilt.Events, rebuilt.ReadAndFold, rebuilt.Cases, rebuilt.People, rebuilt.Write);

            var replayed = new List<ReplayedTable>();
            var differences = new List<ReplayDifference>();
            foreach (var table in tables)
            {
                var (counted, listed) = await CompareAsync(replaySchema, table, maxDifferences - differences.Count, ct);
                replayed.Add(counted);
                differences.AddRange(listed);
            }
            logger.LogInformation("Replay compared {Tables} registers: {Differences} rows differ", replayed.Count, replayed.Sum(t => t.Differences));
            return new ReplayReport(startedAt, clock.GetUtcNow(), events, replayed, differences);
        }
        finally
        {
            await ExecuteAsync(guard, $"drop schema if exists {Quote(replaySchema)} cascade", CancellationToken.None);
            await ExecuteAsync(guard, "select pg_advisory_unlock(hashtext($1))", CancellationToken.None, lockName.Clone());
        }
    }

    // One snapshot: the events and streams, and each register as it stood beside them (live_<table>), so an
    // append committed meanwhile changes neither side. Set-based; identifiers from the catalogue, quoted.
    private async Task<long> CopyAsync(string liveSchema, string replaySchema, IReadOnlyList<string> tables, IReadOnlyList<string>? tenants, Guid[] hidden, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await CopyRowsAsync(connection, liveSchema, replaySchema, "mt_streams", "id", tenants, hidden, ct);
        var events = await CopyRowsAsync(connection, liveSchema, replaySchema, "mt_events", "stream_id", tenants, hidden, ct);
        await ExecuteAsync(connection,
            $"select setval('{replaySchema}.mt_events_sequence', m) from (select max(seq_id) m from {Quote(replaySchema)}.mt_events) s where m is not null", ct);
        foreach (var table in tables)
        {
            var copy = Quote(SnapshotOf(table));
            await ExecuteAsync(connection, $"create table {Quote(replaySchema)}.{copy} (like {Quote(liveSchema)}.{Quote(table)})", ct);
            await ExecuteAsync(connection,
                $"insert into {Quote(replaySchema)}.{copy} select * from {Quote(liveSchema)}.{Quote(table)} where ($1::text[] is null or tenant_id = any($1)) and not (id::text = any($2))",
                ct, Tenants(tenants), Hidden(hidden));
        }
        await snapshot.CommitAsync(ct);
        return events;
    }

    // The columns of the fresh table (made by the same configuration as the live one), copied as they are.
    private static async Task<int> CopyRowsAsync(NpgsqlConnection connection, string liveSchema, string replaySchema, string table, string streamColumn,
        IReadOnlyList<string>? tenants, Guid[] hidden, CancellationToken ct)
    {
        var columns = string.Join(", ", (await ColumnsAsync(connection, replaySchema, table, ct)).Select(Quote));
        return await ExecuteAsync(connection,
            $"insert into {Quote(replaySchema)}.{Quote(table)} ({columns}) select {columns} from {Quote(liveSchema)}.{Quote(table)} " +
            $"where ($1::text[] is null or tenant_id = any($1)) and not ({Quote(streamColumn)}::text = any($2))",
            ct, Tenants(tenants), Hidden(hidden));
    }

    private static NpgsqlParameter Tenants(IReadOnlyList<string>? tenants) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)tenants?.ToArray() ?? DBNull.Value };

    // Ids compared as text: every projected table's id (a Guid here) and the streams' ids alike.
    private static NpgsqlParameter Hidden(Guid[] hidden) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = hidden.Select(id => id.ToString()).ToArray() };

    private async Task<(ReplayedTable Counted, List<ReplayDifference> Listed)> CompareAsync(string replaySchema, string table, int most, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var copies = (await ColumnsAsync(connection, replaySchema, table, ct)).Where(c => c is not ("id" or "tenant_id" or "data") && !c.StartsWith("mt_", StringComparison.Ordinal)).ToList();
        var liveRows = $"{Quote(replaySchema)}.{Quote(SnapshotOf(table))}";
        var replayed = $"{Quote(replaySchema)}.{Quote(table)}";
        var counts = await ScalarAsync<long[]>(connection, $"select array[(select count(*) from {liveRows}), (select count(*) from {replayed})]", ct);

        var differ = string.Concat(copies.Select(c => $" or l.{Quote(c)} is distinct from r.{Quote(c)}"));
        await using var command = new NpgsqlCommand($"""
            select coalesce(l.tenant_id, r.tenant_id), coalesce(l.id, r.id)::text, l.id is null, r.id is null,
                   case when l.id is null or r.id is null then array[]::text[] else array(
                     select k from (select jsonb_object_keys(l.data) k union select jsonb_object_keys(r.data)) keys
                     where l.data -> k is distinct from r.data -> k order by k) end,
                   array[{(copies.Count == 0 ? "" : string.Join(", ", copies.Select(c => $"l.{Quote(c)} is distinct from r.{Quote(c)}")))}]::boolean[],
                   count(*) over ()
            from {liveRows} l full join {replayed} r on l.tenant_id = r.tenant_id and l.id = r.id
            where l.id is null or r.id is null or l.data is distinct from r.data{differ}
            order by 1, 2
            limit $1
            """, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Max(most, 1) });
        var listed = new List<ReplayDifference>();
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                total = reader.GetInt64(6);
                if (listed.Count >= most)
                {
                    continue;
                }
                var kind = reader.GetBoolean(2) ? "missing-in-live" : reader.GetBoolean(3) ? "missing-in-replay" : "differs";
                var copied = reader.GetFieldValue<bool[]>(5);
                var members = reader.GetFieldValue<string[]>(4).Concat(copies.Where((_, i) => copied[i] && kind == "differs").Select(c => "column:" + c));
                listed.Add(new ReplayDifference(table, reader.GetString(0), reader.GetString(1), kind, [.. members]));
            }
        }
        return (new ReplayedTable(table, counts[0], counts[1], total), listed);
    }

    private static string SnapshotOf(string table) => ("live_" + table)[..Math.Min(table.Length + 5, 63)];

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string schema, string table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            select a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped order by a.attnum
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddRange(parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>POST /api/audit/replay: the replay for the caller's school (ADR "Audit routes and replay").</summary>
public static class ReplayRoute
{
    public static void MapReplay(this RouteGroupBuilder audit) =>
        audit.MapPost("/replay", async Task<IResult> (
                [FromBody] ReplayRequest body, HttpContext http, IDocumentStore store, NpgsqlDataSource dataSource, TimeProvider clock,
                ILoggerFactory logs, CancellationToken ct) =>
            {
                var caller = AuditRoutes.Auditor(http);
                var most = body.MaxDifferences ?? ReplayRequest.DefaultMaxDifferences;
                if (most is < 1 or > ReplayRequest.MostDifferences)
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, $"maxDifferences must be between 1 and {ReplayRequest.MostDifferences}.", "maxDifferences");
                }
                try
                {
                    var replay = new RegisterReplay(store, dataSource, clock, logs.CreateLogger<RegisterReplay>());
                    // The one sight rule (Sight): cases hidden from the caller are left out of the replay they are shown.
                    await using var session = store.QuerySession(caller.Tenant);
                    var hidden = await CaseQueries.ExcludedAsync(session, caller, ct);
                    return TypedResults.Ok(await replay.RunAsync([caller.Tenant], most, ct, hidden));
                }
                catch (ReplayInProgress busy)
                {
                    throw new CallerRefused(StatusCodes.Status409Conflict, busy.Message);
                }
            })
            .WithName("replay-registers")
            .WithSummary("Rebuild every register of your school from its events in a fresh schema and report each row that differs from the live " +
                "register (ids and member names only; none when all is well). Takes as long as replaying the school's events: seconds for a " +
                "school, minutes on a large store. One replay at a time: 409 while another runs. Auditors only; changes nothing live.")
            .Produces<ReplayReport>()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
