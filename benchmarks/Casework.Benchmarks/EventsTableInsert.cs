using Npgsql;
using NpgsqlTypes;

namespace Casework.Benchmarks;

/// <summary>
/// Not a target, an explanation: one single-row INSERT straight into the store's own events table (its four
/// indexes and foreign key, no append function, no stream row update). The gap between raw INSERT and this
/// row is what the schema of EVENT-STORE.md section 1 costs; the gap between this and the store's append
/// is what the append function's checks cost.
/// </summary>
internal sealed class EventsTableInsert(NpgsqlDataSource dataSource)
{
    private int _writers;

    public async Task<long> WriterAsync(int index, CancellationToken stop)
    {
        var stream = $"floor-w{Interlocked.Increment(ref _writers)}";
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await using (var create = new NpgsqlCommand("insert into streams (tenant_id, stream_id, stream_type) values ('bench', @stream, 'case')", connection))
        {
            create.Parameters.Add(new NpgsqlParameter<string>("stream", stream));
            await create.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand(
            "insert into events (tenant_id, stream_id, stream_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at) " +
            "values ('bench', @stream, @position, @id, 'concern-recorded', 1, @data, @metadata, now(), now())", connection);
        var position = new NpgsqlParameter<long>("position", 0L);
        var id = new NpgsqlParameter<Guid>("id", Guid.Empty);
        command.Parameters.Add(new NpgsqlParameter<string>("stream", stream));
        command.Parameters.Add(position);
        command.Parameters.Add(id);
        command.Parameters.Add(new NpgsqlParameter<string>("data", Payload.Data) { NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string>("metadata", Payload.Metadata) { NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await Runner.LoopAsync(async () =>
        {
            position.TypedValue++;
            id.TypedValue = Guid.CreateVersion7();
            await command.ExecuteNonQueryAsync();
        }, stop);
    }
}
