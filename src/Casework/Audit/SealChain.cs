using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Casework.Audit;

/// <summary>
/// The hash chain's arithmetic (ADR 33), without a database: an entry's hash over its stored fields, and the link
/// that chains each seal to the one before it in its school's sequence.
/// </summary>
public static class ChainHash
{
    public const int Size = 32;

    /// <summary>What the first seal of a school chains to.</summary>
    public static readonly byte[] Genesis = new byte[Size];

    /// <summary>
    /// SHA-256 over the kind and each field as stored: a 4-byte big-endian length and the UTF-8 bytes, or
    /// 0xFFFFFFFF for a null, so that no two lists of fields hash alike by moving bytes between fields.
    /// </summary>
    public static byte[] Entry(string kind, IReadOnlyList<string?> fields)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields.Prepend(kind))
        {
            if (field is null)
            {
                BinaryPrimitives.WriteUInt32BigEndian(length, uint.MaxValue);
                hash.AppendData(length);
                continue;
            }
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Seal <paramref name="sealNumber"/>'s chain hash: SHA-256 of the previous chain hash, the seal number (8 bytes, big-endian) and the entry's hash.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, long sealNumber, ReadOnlySpan<byte> entryHash)
    {
        Span<byte> input = stackalloc byte[Size + 8 + Size];
        previous.CopyTo(input);
        BinaryPrimitives.WriteInt64BigEndian(input[Size..], sealNumber);
        entryHash.CopyTo(input[(Size + 8)..]);
        return SHA256.HashData(input);
    }
}

/// <summary>
/// Seals every event and every access-log row, in each school's own sequence, into a SHA-256 chain over their
/// stored bytes (ADR 33). Appends never wait for it: it reads what has been committed since, in passes of its own.
/// One instance seals at a time: each pass holds a transaction-level advisory lock; an instance that cannot take it
/// seals nothing that pass. The unique indexes of the seal table refuse an entry sealed twice or two seals of one
/// number, whatever happens to the lock.
/// </summary>
public sealed class SealChain(IDocumentStore store, NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>The seal table, owned by the schema's owner; the service's role may only read it and add to it (Migration).</summary>
    public const string Table = "casework_seal";

    public const string EventKind = "event";
    public const string AccessKind = "access";

    /// <summary>How many entries of each kind one pass seals at most.</summary>
    public const int Batch = 10_000;

    /// <summary>A pass that is not full looks back this far behind the last sealed entry for late commits; a full pass looks at everything.</summary>
    private const long SequenceSlack = 50_000;
    private static readonly TimeSpan AccessSlack = TimeSpan.FromMinutes(10);

    private readonly string _schema = store.Options.DatabaseSchemaName;

    /// <summary>
    /// The text of each field an event's seal covers, as stored: school, sequence, id, stream, version, type, data
    /// (jsonb's own text), timestamp (UTC, microseconds), correlation, causation, headers, user and .NET type.
    /// Marten's archiving flag is bookkeeping and stays outside. Read by the sealer and the verifier alike.
    /// </summary>
    internal static string EventFields(string e) => $"""
        array[{e}.tenant_id, {e}.seq_id::text, {e}.id::text, {e}.stream_id::text, {e}.version::text, {e}.type, {e}.data::text,
          {Utc($"{e}.timestamp")}, {e}.correlation_id, {e}.causation_id, {e}.headers::text, {e}.user_name, {e}.mt_dotnet_type]
        """;

    /// <summary>An access-log row's fields: school, id, data, Marten's stamp and version, .NET type, and the searchable copies the access log is queried by.</summary>
    internal static string AccessFields(string a) => $"""
        array[{a}.tenant_id, {a}.id::text, {a}.data::text, {Utc($"{a}.mt_last_modified")}, {a}.mt_version::text, {a}.mt_dotnet_type,
          {a}.actor_id::text, {Utc($"{a}.read_at")}, {a}.cases::text]
        """;

    // Whatever the session's time zone: the same instant always reads as the same text.
    private static string Utc(string column) => $"""to_char({column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""";

    /// <summary>The seal table, its indexes and the append-only triggers' target: made by <see cref="Operations.Migration"/>, as the owner.</summary>
    public static async Task CreateTableAsync(NpgsqlDataSource ownerDataSource, string schema, CancellationToken ct)
    {
        await using var command = ownerDataSource.CreateCommand($"""
            create table if not exists {schema}.{Table} (
              tenant_id text not null,
              seal_no bigint not null check (seal_no > 0),
              kind text not null check (kind in ('{EventKind}', '{AccessKind}')),
              event_seq bigint,
              stream_id uuid,
              access_id uuid,
              entry_at timestamptz not null,
              entry_hash bytea not null,
              chain_hash bytea not null,
              sealed_at timestamptz not null default now(),
              primary key (tenant_id, seal_no),
              check ((kind = '{EventKind}') = (event_seq is not null) and (kind = '{AccessKind}') = (access_id is not null))
            );
            create unique index if not exists {Table}_event on {schema}.{Table} (event_seq) where event_seq is not null;
            create unique index if not exists {Table}_access on {schema}.{Table} (tenant_id, access_id) where access_id is not null;
            create index if not exists {Table}_access_at on {schema}.{Table} (entry_at) where kind = '{AccessKind}';
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Seals what is pending until a pass finds less than a batch; returns how many entries this instance sealed. While
    /// another instance seals, a pass seals nothing, unless <paramref name="waitForOtherSealer"/>: then it waits its turn.
    /// </summary>
    public async Task<int> SealPendingAsync(bool full, CancellationToken ct, bool waitForOtherSealer = false)
    {
        var total = 0;
        // The first pass finds where sealing stands; each next pass goes on from the last entry the one before sealed,
        // rather than reading past everything already sealed again.
        Cursor? from = null;
        while (true)
        {
            var (sealedNow, more, next) = await PassAsync(full, from, waitForOtherSealer, ct);
            total += sealedNow;
            if (!more)
            {
                return total;
            }
            from = next;
        }
    }

    /// <summary>The last event and access-log row a pass read (null: it read none of that kind).</summary>
    private sealed record Cursor(long? Sequence, DateTime? ReadAt, Guid? AccessId);

    private sealed record Pending(string Tenant, string Kind, long? Sequence, Guid? Stream, Guid? AccessId, DateTime At, byte[] EntryHash);

    private async Task<(int Sealed, bool More, Cursor Next)> PassAsync(bool full, Cursor? from, bool wait, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand(wait ? "select true from (select pg_advisory_xact_lock(hashtext($1))) l" : "select pg_try_advisory_xact_lock(hashtext($1))",
                         connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = "casework-seal:" + _schema });
            if (!(bool)(await lockCommand.ExecuteScalarAsync(ct))!)
            {
                return (0, false, new Cursor(null, null, null));
            }
        }

        var pending = new List<Pending>();
        var eventsAfter = from is not null ? "$2" : full ? "0" : $"(select coalesce(max(event_seq), 0) from {_schema}.{Table}) - $2";
        var events = $"""
            select e.tenant_id, e.seq_id, e.stream_id, e.timestamp, {EventFields("e")} from {_schema}.mt_events e
            where e.seq_id > {eventsAfter} and not exists (select 1 from {_schema}.{Table} s where s.event_seq = e.seq_id) order by e.seq_id limit $1
            """;
        await using (var read = new NpgsqlCommand(events, connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = Batch });
            if (from is not null || !full)
            {
                read.Parameters.Add(new NpgsqlParameter { Value = from is not null ? from.Sequence ?? long.MaxValue : SequenceSlack });
            }
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                pending.Add(new Pending(reader.GetString(0), EventKind, reader.GetInt64(1), reader.GetGuid(2), null, reader.GetDateTime(3),
                    ChainHash.Entry(EventKind, reader.GetFieldValue<string?[]>(4))));
            }
        }
        var eventsRead = pending.Count;

        var accessAfter = from is not null ? "(a.read_at, a.id) > ($2, $3)" : full ? "true"
            : $"a.read_at > (select coalesce(max(entry_at), '-infinity') from {_schema}.{Table} where kind = '{AccessKind}') - $2";
        var access = $"""
            select a.tenant_id, a.id, a.read_at, {AccessFields("a")} from {_schema}.mt_doc_{AccessLog.Table} a
            where {accessAfter} and not exists (select 1 from {_schema}.{Table} s where s.tenant_id = a.tenant_id and s.access_id = a.id)
            order by a.read_at, a.id limit $1
            """;
        await using (var read = new NpgsqlCommand(access, connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = Batch });
            if (from is not null)
            {
                read.Parameters.Add(new NpgsqlParameter { Value = from.ReadAt ?? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) });
                read.Parameters.Add(new NpgsqlParameter { Value = from.AccessId ?? Guid.Empty });
            }
            else if (!full)
            {
                read.Parameters.Add(new NpgsqlParameter { Value = AccessSlack });
            }
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                pending.Add(new Pending(reader.GetString(0), AccessKind, null, null, reader.GetGuid(1), reader.GetDateTime(2),
                    ChainHash.Entry(AccessKind, reader.GetFieldValue<string?[]>(3))));
            }
        }
        if (pending.Count == 0)
        {
            return (0, false, new Cursor(null, null, null));
        }

        var heads = await HeadsAsync(connection, transaction, [.. pending.Select(p => p.Tenant).Distinct()], ct);
        var sealedAt = clock.GetUtcNow();
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"copy {_schema}.{Table} (tenant_id, seal_no, kind, event_seq, stream_id, access_id, entry_at, entry_hash, chain_hash, sealed_at) from stdin (format binary)", ct))
        {
            foreach (var entry in pending)
            {
                var (number, previous) = heads[entry.Tenant];
                number++;
                var chain = ChainHash.Link(previous, number, entry.EntryHash);
                heads[entry.Tenant] = (number, chain);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(entry.Tenant, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(number, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(entry.Kind, NpgsqlDbType.Text, ct);
                await WriteOrNullAsync(copy, entry.Sequence, NpgsqlDbType.Bigint, ct);
                await WriteOrNullAsync(copy, entry.Stream, NpgsqlDbType.Uuid, ct);
                await WriteOrNullAsync(copy, entry.AccessId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(entry.At, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(entry.EntryHash, NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(chain, NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(sealedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await transaction.CommitAsync(ct);
        // A kind that filled its batch goes on from its last entry; one that did not is done until the next call.
        var lastEvent = eventsRead == Batch ? pending[eventsRead - 1] : null;
        var lastRead = pending.Count - eventsRead == Batch ? pending[^1] : null;
        return (pending.Count, lastEvent is not null || lastRead is not null,
            new Cursor(lastEvent?.Sequence, lastRead?.At, lastRead?.AccessId));
    }

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
    {
        if (value is { } present)
        {
            await copy.WriteAsync(present, type, ct);
        }
        else
        {
            await copy.WriteNullAsync(ct);
        }
    }

    /// <summary>Each school's last seal (number and chain hash), or the genesis for a school not sealed yet: one index probe per school.</summary>
    private async Task<Dictionary<string, (long Number, byte[] Chain)>> HeadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] tenants,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select t.tenant, s.seal_no, s.chain_hash from unnest($1::text[]) t(tenant)
            left join lateral (select seal_no, chain_hash from {_schema}.{Table} where tenant_id = t.tenant order by seal_no desc limit 1) s on true
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = tenants });
        var heads = new Dictionary<string, (long, byte[])>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            heads[reader.GetString(0)] = reader.IsDBNull(1) ? (0, ChainHash.Genesis) : (reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
        }
        return heads;
    }
}

/// <summary>
/// The sealer's loop on every instance (the advisory lock lets one seal at a time): a pass every
/// <c>Casework:Seal:IntervalSeconds</c> (1 by default), a full pass (every entry not yet sealed, however old) at start and
/// every minute. <c>Casework:Seal:Enabled=false</c> stops it on an instance. Logs counts, never what an entry says.
/// </summary>
public sealed class SealChainService(SealChain chain, IConfiguration configuration, ILogger<SealChainService> logger) : BackgroundService
{
    private static readonly TimeSpan FullEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Casework:Seal:Enabled", true))
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Casework:Seal:IntervalSeconds", 1.0), 0.05, 60));
        var sinceFull = (Stopwatch?)null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var full = sinceFull is null || sinceFull.Elapsed >= FullEvery;
                var count = await chain.SealPendingAsync(full, stoppingToken);
                if (full)
                {
                    sinceFull = Stopwatch.StartNew();
                }
                if (count > 0)
                {
                    logger.LogDebug("Sealed {Count} entries", count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The database is away or another instance sealed the same entries first: try again next pass.
                logger.LogWarning("Sealing failed ({Error}); trying again", e.GetType().Name);
            }
            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
