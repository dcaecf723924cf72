using Npgsql;
using NpgsqlTypes;

namespace Casework.Benchmarks;

/// <summary>
/// The baseline: one autocommit single-row INSERT per transaction into a plain table (bigint identity,
/// uuid, jsonb of an event's size). Each writer holds its own pooled connection and sends the statement
/// unprepared, as a pgbench client does by default (EVENT-STORE.md section 7), whatever the store's settings.
/// </summary>
internal sealed class RawInsert(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public static RawInsert Create(string connectionString, string schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, MaxAutoPrepare = 0 };
        return new RawInsert(NpgsqlDataSource.Create(builder));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public async Task CreateTableAsync()
    {
        await using var command = dataSource.CreateCommand(
            "create table raw_events (id bigint generated always as identity primary key, event_id uuid not null, body jsonb not null)");
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> WriterAsync(int index, CancellationToken stop)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand("insert into raw_events (event_id, body) values (@id, @body)", connection);
        var id = new NpgsqlParameter<Guid>("id", Guid.Empty);
        command.Parameters.Add(id);
        command.Parameters.Add(new NpgsqlParameter<string>("body", Payload.RawDocument) { NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await Runner.LoopAsync(async () =>
        {
            id.TypedValue = Guid.CreateVersion7();
            await command.ExecuteNonQueryAsync();
        }, stop);
    }
}
