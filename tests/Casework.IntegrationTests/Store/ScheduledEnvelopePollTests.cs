using Casework.Operations;
using Npgsql;

namespace Casework.IntegrationTests.Store;

/// <summary>
/// ADR 50 (superseding ADR 46): the queries Wolverine runs every second over its inbox (the scheduled poll and the check
/// for envelopes to recover), over 50,000 deadlines pending and as many envelopes handled, as `migrate` leaves the
/// table, read only the rows they return, through Wolverine's own partial indexes: a school's pending deadlines never make
/// them, and so every create beside them, cost more. And the table holds one index for the poll, not two.
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
    public async Task Wolverines_scheduled_poll_reads_the_due_envelopes_through_an_index_not_the_whole_inbox_ADR_50()
    {
        // As Wolverine 6 writes it (PostgresqlMessageStore.WriteLoadScheduledEnvelopeSql), with RecoveryBatchSize 1,000.
        var plan = await PlanAsync($"""
            select id, status, owner_id, execution_time, attempts, body, message_type, received_at, keep_until
            from {_schema}.wolverine_incoming_envelopes where status = 'Scheduled' and execution_time <= now() order by execution_time LIMIT 1000
            """);

        Assert.Contains("Index Scan using", plan);
        Assert.DoesNotContain("Seq Scan", plan);
        // The ten due, read alone: not the 100,000 rows of the inbox.
        Assert.Matches(@"actual time=[0-9.]+\.\.[0-9.]+ rows=10 loops=1", plan);
    }

    [Fact]
    public async Task Wolverines_check_for_envelopes_to_recover_reads_none_of_the_pending_or_handled_ADR_50()
    {
        // As Wolverine 6 writes it (CheckRecoverableIncomingMessagesOperation), on every ScheduledJobPollingTime.
        var plan = await PlanAsync($"select received_at, count(*) from {_schema}.wolverine_incoming_envelopes where status = 'Incoming' and owner_id = 0 group by received_at");

        Assert.DoesNotContain("Seq Scan", plan);
        Assert.Matches(@"Index (Only )?Scan using \w+ on wolverine_incoming_envelopes \(actual time=[0-9.]+\.\.[0-9.]+ rows=0 loops=1\)", plan);
    }

    [Fact]
    public async Task The_inbox_has_one_index_for_the_scheduled_poll_not_a_copy_of_Wolverines_ADR_50()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "select count(*) from pg_indexes where schemaname = $1 and tablename = 'wolverine_incoming_envelopes' " +
            "and indexdef like '%(execution_time) WHERE ((status)::text = ''Scheduled''::text)'", connection);
        count.Parameters.Add(new NpgsqlParameter { Value = _schema });

        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
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
