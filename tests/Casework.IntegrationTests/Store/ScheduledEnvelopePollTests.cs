using Casework.Operations;
using Npgsql;

namespace Casework.IntegrationTests.Store;

/// <summary>
/// ADR 46: the query Wolverine polls its scheduled envelopes with, every second, over an inbox of 50,000 deadlines
/// pending (and as many envelopes handled or waiting) as `migrate` leaves it, reads the due rows through the partial
/// index alone: a school's pending deadlines never make the poll, and so every create beside it, cost more.
/// </summary>
public sealed class ScheduledEnvelopePollTests : IAsyncLifetime
{
    private const int Pending = 50_000;
    private readonly string _schema = TestDatabase.NewSchema("poll");

    public async Task InitializeAsync()
    {
        await TestDatabase.MigrateAsync(_schema);
        // Scheduled over the next 30 days, ten of them already due; handled envelopes beside them, as the inbox keeps them.
        await ExecuteAsync($"""
            insert into {_schema}.wolverine_incoming_envelopes (id, status, owner_id, execution_time, attempts, body, message_type, received_at)
            select gen_random_uuid(), 'Scheduled', 0, now() + (n - 10) * interval '52 seconds', 0, decode(repeat('ab', 300), 'hex'),
                   'Casework.Alerts.DeadlineCheck', 'local://deadlines/'
            from generate_series(1, {Pending}) n;
            insert into {_schema}.wolverine_incoming_envelopes (id, status, owner_id, execution_time, attempts, body, message_type, received_at)
            select gen_random_uuid(), 'Handled', 0, null, 1, decode(repeat('ab', 300), 'hex'), 'Casework.Alerts.AlertByWebhook', 'local://alert-deliveries/'
            from generate_series(1, {Pending});
            analyze {_schema}.wolverine_incoming_envelopes;
            """);
    }

    public Task DisposeAsync() => TestDatabase.DropSchemaAsync(_schema);

    [Fact]
    public async Task Wolverines_scheduled_poll_reads_the_due_envelopes_through_the_partial_index_not_the_whole_inbox_ADR_46()
    {
        // As Wolverine 6 writes it (PostgresqlMessageStore.WriteLoadScheduledEnvelopeSql), with RecoveryBatchSize 1,000.
        var plan = await PlanAsync($"""
            select id, status, owner_id, execution_time, attempts, body, message_type, received_at, keep_until
            from {_schema}.wolverine_incoming_envelopes where status = 'Scheduled' and execution_time <= now() order by execution_time LIMIT 1000
            """);

        Assert.Contains($"Index Scan using {Migration.ScheduledEnvelopeIndex}", plan);
        Assert.DoesNotContain("Seq Scan", plan);
        // The ten due, read alone: not the 100,000 rows of the inbox.
        Assert.Matches(@"actual time=[0-9.]+\.\.[0-9.]+ rows=10 loops=1", plan);
    }

    private async Task<string> PlanAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("explain (analyze, costs off) " + sql, connection);
        await using var reader = await explain.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
