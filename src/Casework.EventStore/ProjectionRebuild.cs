using System.Diagnostics;
using Npgsql;

namespace Casework.EventStore;

/// <summary>
/// Replays every stream into a fresh shadow table with binary COPY, then either swaps it in (one
/// transaction) or compares it row by row with the live table (the auditor's proof that the registers
/// say what the events say). No in-place rebuild: the live table is only touched by the swap.
/// </summary>
public static class ProjectionRebuild
{
    public sealed record Report(
        string Table, long EventsReplayed, long Streams, long Rows, long CaughtUpStreams,
        long MissingFromLive, long UnexpectedInLive, TimeSpan ReplayTime, bool Swapped)
    {
        public bool Matches => MissingFromLive == 0 && UnexpectedInLive == 0;
        public double EventsPerSecond => EventsReplayed / Math.Max(ReplayTime.TotalSeconds, 1e-9);
    }

    public static Task<Report> RebuildAsync(NpgsqlDataSource dataSource, IStreamProjection projection, CancellationToken ct = default) =>
        RunAsync(dataSource, projection, swap: true, ct);

    public static Task<Report> CompareAsync(NpgsqlDataSource dataSource, IStreamProjection projection, CancellationToken ct = default) =>
        RunAsync(dataSource, projection, swap: false, ct);

    private static async Task<Report> RunAsync(NpgsqlDataSource dataSource, IStreamProjection projection, bool swap, CancellationToken ct)
    {
        var live = ProjectionWriter.Identifier(projection.Table.Name);
        var shadow = live + "_shadow";

        await using var writer = await dataSource.OpenConnectionAsync(ct);
        // A replay may take longer than any request should; the pool resets this on return.
        await Execute(writer, "set statement_timeout = 0", ct);
        await Execute(writer, $"create temp table {shadow} (like {live} including all) on commit preserve rows", ct);
        try
        {
            // 1. Replay every stream as of one snapshot, straight into the shadow table.
            var started = Stopwatch.GetTimestamp();
            string snapshot;
            long events = 0, streams = 0, rows = 0;
            await using (var reader = await dataSource.OpenConnectionAsync(ct))
            await using (var readTx = await reader.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct))
            {
                await Execute(reader, "set local statement_timeout = 0", ct);
                await using (var snap = new NpgsqlCommand("select pg_current_snapshot()::text", reader, readTx))
                {
                    snapshot = (string)(await snap.ExecuteScalarAsync(ct))!;
                }

                await using var copy = await ProjectionWriter.BeginCopyAsync(writer, projection.Table, shadow, ct);
                await using var all = new NpgsqlCommand(
                    $"select {EventStore.EventColumns} from events e join streams s using (tenant_id, stream_id) " +
                    "order by e.tenant_id, e.stream_id, e.stream_position", reader, readTx);
                await using var rowsReader = await all.ExecuteReaderAsync(ct);
                var stream = new List<RecordedEvent>();
                while (await rowsReader.ReadAsync(ct))
                {
                    var e = EventStore.ReadEvent(rowsReader);
                    if (stream.Count > 0 && (stream[0].TenantId != e.TenantId || stream[0].StreamId != e.StreamId))
                    {
                        rows += await ProjectionWriter.WriteRowsAsync(copy, projection.Table, projection.Project(stream), ct);
                        streams++;
                        stream = [];
                    }
                    stream.Add(e);
                    events++;
                }
                if (stream.Count > 0)
                {
                    rows += await ProjectionWriter.WriteRowsAsync(copy, projection.Table, projection.Project(stream), ct);
                    streams++;
                }
                await copy.CompleteAsync(ct);
            }
            var replayTime = Stopwatch.GetElapsedTime(started);

            // 2. Hold writers of the live table off, catch up the streams appended since the snapshot,
            //    then compare, and swap when asked. Readers of the live table are never blocked.
            await using var tx = await writer.BeginTransactionAsync(ct);
            await Execute(writer, $"lock table {live} in exclusive mode", ct);
            var caughtUp = 0;
            var changed = new List<(string Tenant, string Stream)>();
            await using (var since = new NpgsqlCommand(
                "select distinct tenant_id, stream_id from events " +
                "where tx_id >= pg_snapshot_xmin(@snapshot::pg_snapshot) and not pg_visible_in_snapshot(tx_id, @snapshot::pg_snapshot)", writer, tx))
            {
                since.Parameters.Add(new NpgsqlParameter<string>("snapshot", snapshot));
                await using var reader = await since.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    changed.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            foreach (var (tenant, streamId) in changed)
            {
                var stream = await EventStore.ReadStreamAsync(writer, tx, tenant, streamId, null, null, ct);
                await ProjectionWriter.ReplaceStreamRowsAsync(writer, tx, projection, shadow, tenant, streamId, stream, ct);
                caughtUp++;
            }

            var missing = await Count(writer, tx, $"select count(*) from (select * from {shadow} except all select * from {live}) d", ct);
            var unexpected = await Count(writer, tx, $"select count(*) from (select * from {live} except all select * from {shadow}) d", ct);
            if (swap)
            {
                await Execute(writer, $"delete from {live}", ct);
                await Execute(writer, $"insert into {live} select * from {shadow}", ct);
            }
            await tx.CommitAsync(ct);
            return new Report(projection.Table.Name, events, streams, rows, caughtUp, missing, unexpected, replayTime, swap);
        }
        finally
        {
            await Execute(writer, $"drop table if exists {shadow}", CancellationToken.None);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> Count(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
