using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Casework.EventStore;

/// <summary>
/// Streams of immutable events in PostgreSQL: append with an expected version, read a stream (up to a
/// version, or as at an instant), read the commit-safe global feed. Knows no domain type.
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource, IReadOnlyList<IStreamProjection>? inlineProjections = null)
{
    private const int OrderGuardAttempts = 10;
    internal const string EventColumns =
        "e.global_position, e.tx_id::text, e.tenant_id, e.stream_id, s.stream_type, e.stream_position, e.event_id, " +
        "e.event_type, e.schema_version, e.data::text, e.metadata::text, e.occurred_at, e.recorded_at";

    private readonly IReadOnlyList<IStreamProjection> _projections = inlineProjections ?? [];
    private readonly FeedNotifier _notifier = new(dataSource);

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>
    /// Appends a batch to one stream in one transaction, with the inline projections. Retries the whole
    /// transaction when the stream order guard asks for it (a later transaction appended to the stream
    /// while this one waited for the lock); a version conflict is never retried.
    /// </summary>
    public async Task<AppendResult> AppendAsync(
        string tenantId, string streamId, string streamType, ExpectedVersion expected,
        IReadOnlyList<EventToAppend> events, CancellationToken ct = default)
    {
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        using var activity = StoreTelemetry.Source.StartActivity("casework.store.append");
        activity?.SetTag("casework.stream_type", streamType);
        activity?.SetTag("casework.event_count", events.Count);
        var started = Stopwatch.GetTimestamp();

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await AppendOnceAsync(tenantId, streamId, streamType, expected, events, ct);
                StoreTelemetry.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>("stream_type", streamType));
                if (result.Written)
                {
                    StoreTelemetry.EventsAppended.Add(events.Count, new KeyValuePair<string, object?>("stream_type", streamType));
                }
                return result;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.SerializationFailure && attempt < OrderGuardAttempts)
            {
                StoreTelemetry.OrderRetries.Add(1);
                await Task.Delay(Random.Shared.Next(1, 4 * attempt), ct);
            }
            catch (PostgresException e) when (e.SqlState == "CW004")
            {
                throw new InvalidOperationException($"Stream {streamId} is of another type than {streamType}.", e);
            }
            catch (PostgresException e) when (e.SqlState is "CW001" or "CW002"
                                              || e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "events_idempotency" })
            {
                StoreTelemetry.Conflicts.Add(1, new KeyValuePair<string, object?>("stream_type", streamType));
                activity?.SetStatus(ActivityStatusCode.Error, "conflict");
                var actual = await VersionAsync(tenantId, streamId, ct);
                throw new ConcurrencyConflict(streamId, expected, actual, e.SqlState == "CW001"
                    ? $"Stream {streamId} is not at {expected}."
                    : $"The event ids of this batch are already stored elsewhere in stream {streamId}.");
            }
        }
    }

    private async Task<AppendResult> AppendOnceAsync(
        string tenantId, string streamId, string streamType, ExpectedVersion expected,
        IReadOnlyList<EventToAppend> events, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Without inline projections the append is a single statement: one round trip, no explicit transaction.
        await using var tx = _projections.Count > 0 ? await connection.BeginTransactionAsync(ct) : null;

        await using var command = new NpgsqlCommand(
            "select stream_position, global_position, tx_id::text, recorded_at, written " +
            "from append_events(@tenant, @stream, @type, @expected, @ids, @types, @versions, @data, @metadata, @occurred)",
            connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("stream", streamId));
        command.Parameters.Add(new NpgsqlParameter<string>("type", streamType));
        command.Parameters.Add(new NpgsqlParameter<long>("expected", expected.Value));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", events.Select(e => e.EventId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", events.Select(e => e.EventType).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("versions", events.Select(e => e.SchemaVersion).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("data", events.Select(e => e.Data).ToArray())
            { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string[]>("metadata", events.Select(e => e.Metadata).ToArray())
            { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("occurred", events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray()));

        var recorded = new List<RecordedEvent>(events.Count);
        var written = false;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            var i = 0;
            while (await reader.ReadAsync(ct))
            {
                var e = events[i++];
                written = reader.GetBoolean(4);
                recorded.Add(new RecordedEvent(
                    reader.GetInt64(1), ulong.Parse(reader.GetString(2)), tenantId, streamId, streamType, reader.GetInt64(0),
                    e.EventId, e.EventType, e.SchemaVersion, e.Data, e.Metadata, e.OccurredAt,
                    reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        if (!written)
        {
            // A retried batch: answer with the events as first stored, not with the data just sent.
            var stored = await ReadStreamAsync(connection, tx, tenantId, streamId, recorded[^1].StreamPosition, null, ct);
            recorded = [.. stored.Where(e => e.StreamPosition >= recorded[0].StreamPosition)];
        }

        if (tx is not null)
        {
            if (written)
            {
                var stream = await ReadStreamAsync(connection, tx, tenantId, streamId, null, null, ct);
                foreach (var projection in _projections)
                {
                    await ProjectionWriter.ReplaceStreamRowsAsync(connection, tx, projection, projection.Table.Name, tenantId, streamId, stream, ct);
                }
            }
            await tx.CommitAsync(ct);
        }

        // A wake-up hint for subscribers, sent after commit so that no append holds the notify queue's
        // commit lock (which would serialise every appending transaction).
        if (written)
        {
            _notifier.Signal();
        }
        return new AppendResult(recorded[^1].StreamPosition, written, recorded);
    }

    /// <summary>The stream's current version: 0 when it has no events.</summary>
    public async Task<long> VersionAsync(string tenantId, string streamId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("select version from streams where tenant_id = @tenant and stream_id = @stream");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("stream", streamId));
        return await command.ExecuteScalarAsync(ct) is long version ? version : 0;
    }

    /// <summary>A stream's events in version order, optionally up to a version and as recorded by an instant.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(
        string tenantId, string streamId, long? toVersion = null, DateTimeOffset? asOf = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await ReadStreamAsync(connection, null, tenantId, streamId, toVersion, asOf, ct);
    }

    internal static async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string tenantId, string streamId,
        long? toVersion, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select {EventColumns} from events e join streams s using (tenant_id, stream_id) " +
            "where e.tenant_id = @tenant and e.stream_id = @stream " +
            "and (@to::bigint is null or e.stream_position <= @to) " +
            "and (@asOf::timestamptz is null or e.recorded_at <= @asOf) " +
            "order by e.stream_position", connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("stream", streamId));
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Bigint) { Value = (object?)toVersion ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("asOf", NpgsqlDbType.TimestampTz) { Value = (object?)asOf?.ToUniversalTime() ?? DBNull.Value });
        return await ReadEventsAsync(command, ct);
    }

    /// <summary>
    /// The global feed after a checkpoint, in (transaction id, position) order, and only below the oldest
    /// running transaction: an event that commits late is never skipped, the reader waits for it.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadFeedAsync(
        FeedCheckpoint after, int batchSize, string? tenantId = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await ReadFeedAsync(connection, null, after, batchSize, tenantId, ct);
    }

    internal static async Task<IReadOnlyList<RecordedEvent>> ReadFeedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, FeedCheckpoint after, int batchSize, string? tenantId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select {EventColumns} from events e join streams s using (tenant_id, stream_id) " +
            "where (e.tx_id, e.global_position) > (@tx::text::xid8, @position) " +
            "and e.tx_id < pg_snapshot_xmin(pg_current_snapshot()) " +
            "and (@tenant::text is null or e.tenant_id = @tenant) " +
            "order by e.tx_id, e.global_position limit @batch", connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string>("tx", after.TxId.ToString()));
        command.Parameters.Add(new NpgsqlParameter<long>("position", after.Position));
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)tenantId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<int>("batch", batchSize));
        return await ReadEventsAsync(command, ct);
    }

    internal static async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(ReadEvent(reader));
        }
        return events;
    }

    internal static RecordedEvent ReadEvent(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), ulong.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetInt64(5), reader.GetGuid(6), reader.GetString(7), reader.GetInt32(8), reader.GetString(9),
        reader.GetString(10), reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<DateTimeOffset>(12));
}
