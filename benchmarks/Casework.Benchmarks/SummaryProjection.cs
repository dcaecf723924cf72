using Casework.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Casework.Benchmarks;

/// <summary>A simple register for the rebuild: one summary row per stream.</summary>
internal sealed class SummaryProjection : IStreamProjection
{
    public ProjectionTable Table { get; } = new("stream_summary",
    [
        new("tenant_id", NpgsqlDbType.Text),
        new("stream_id", NpgsqlDbType.Text),
        new("stream_type", NpgsqlDbType.Text),
        new("version", NpgsqlDbType.Bigint),
        new("last_event_type", NpgsqlDbType.Text),
        new("last_recorded_at", NpgsqlDbType.TimestampTz),
    ]);

    public static async Task CreateTableAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            create table stream_summary (
                tenant_id        text        not null,
                stream_id        text        not null,
                stream_type      text        not null,
                version          bigint      not null,
                last_event_type  text        not null,
                last_recorded_at timestamptz not null,
                primary key (tenant_id, stream_id))
            """);
        await command.ExecuteNonQueryAsync();
    }

    public IEnumerable<object?[]> Project(IReadOnlyList<RecordedEvent> stream)
    {
        var last = stream[^1];
        yield return [last.TenantId, last.StreamId, last.StreamType, last.StreamPosition, last.EventType, last.RecordedAt];
    }
}
