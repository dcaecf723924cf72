using Npgsql;
using NpgsqlTypes;

namespace Casework.Http.Benchmarks;

/// <summary>
/// The physical baseline (EVENT-STORE.md section 6): one autocommit single-row INSERT per transaction into a
/// plain table (identity key, uuid, jsonb of an event's size), unprepared, each client on its own connection,
/// as a pgbench client sends it. Measured on the same cluster right before the HTTP cells.
/// </summary>
internal static class Baseline
{
    public static readonly int[] Clients = [1, 8, 32];

    /// <summary>A concern-reported event as the service stores it: its data and its metadata, in one document.</summary>
    public const string Document = """
        {"data":{"where":null,"pupils":[{"role":"victim","pupilId":"0b000000-0000-4000-8000-000000000001"}],"account":"Messages in a class group chat telling her to leave the school.","category":"cyberbullying","occurredAt":"2026-12-01T18:04:06+00:00","reportedAt":"2026-12-01T20:04:07.0712219+00:00","reportedBy":"0a000000-0000-4000-8000-000000000003","staffVictimId":null},
         "metadata":{"client":"api","reason":null,"actorId":"0a000000-0000-4000-8000-000000000003","actorRoles":["staff"],"causationId":"0000000000000000","correlationId":"5b7846d11ac68ec4eec42b88d3b41066"}}
        """;

    public static async Task<IReadOnlyDictionary<int, Measurement>> MeasureAsync(Database database, Options options, CpuMeter cpu, CancellationToken ct)
    {
        var schema = Database.NewSchema("bench_raw");
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = schema, MaxAutoPrepare = 0 };
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, Clients.Max());
        await using var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            await using (var create = dataSource.CreateCommand(
                $"create schema {schema}; create table {schema}.raw_events (id bigint generated always as identity primary key, event_id uuid not null, body jsonb not null)"))
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            var results = new Dictionary<int, Measurement>();
            foreach (var clients in Clients)
            {
                await database.CheckpointAsync(ct);
                var writers = new List<(NpgsqlConnection Connection, NpgsqlCommand Command, NpgsqlParameter<Guid> Id)>();
                try
                {
                    for (var i = 0; i < clients; i++)
                    {
                        var connection = await dataSource.OpenConnectionAsync(ct);
                        var command = new NpgsqlCommand("insert into raw_events (event_id, body) values (@id, @body)", connection);
                        var id = new NpgsqlParameter<Guid>("id", Guid.Empty);
                        command.Parameters.Add(id);
                        command.Parameters.Add(new NpgsqlParameter<string>("body", Document) { NpgsqlDbType = NpgsqlDbType.Jsonb });
                        writers.Add((connection, command, id));
                    }
                    results[clients] = await Load.MeasureAsync(clients, options.WarmUp, options.Duration, async (client, token) =>
                    {
                        var (_, command, id) = writers[client];
                        id.TypedValue = Guid.CreateVersion7();
                        await command.ExecuteNonQueryAsync(token);
                        return Outcome.Done;
                    }, cpu, ct);
                }
                finally
                {
                    foreach (var (connection, command, _) in writers)
                    {
                        await command.DisposeAsync();
                        await connection.DisposeAsync();
                    }
                }
                Progress.Say($"raw INSERT {clients,2} clients: {results[clients].PerSecond,8:#,0} tx/s, CPU ms/tx {Report.Cpu(results[clients])}");
            }
            return results;
        }
        finally
        {
            await database.DropSchemaAsync(schema);
        }
    }
}
