using Casework.Cases;
using Casework.Operations;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using static Casework.IntegrationTests.Store.DaemonTestKit;

namespace Casework.IntegrationTests.Store;

/// <summary>
/// EVENT-STORE.md section 3, proved against the real PostgreSQL with Marten as the service configures it plus a
/// test-only async projection: the async daemon holds (never skips) the events of a transaction still open
/// while later appends commit; with two hosts on one database each async projection has one owner at a
/// time, and the other takes over when it stops; a rebuild gives the same rows.
/// </summary>
public sealed class AsyncDaemonTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // The wall-clock threshold after which the daemon would skip a stale gap were it not for the evidence of a
    // live transaction (3 s by default). Shortened so the hold below outlasts it several times in a short test.
    private static readonly TimeSpan StaleThreshold = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_append_left_open_while_later_appends_commit_is_held_and_then_projected_once(bool daemonAlreadyRunning)
    {
        var schema = TestDatabase.NewSchema("daemon");
        var log = new TestOutputLogger(output);
        await using var dataSource = StoreSetup.DataSource(TestDatabase.ConnectionString);
        try
        {
            await using var store = DocumentStore.For(o =>
            {
                Configure(o, dataSource, schema, "solo");
                o.Projections.AsyncMode = DaemonMode.Solo;
                o.Projections.StaleSequenceThreshold = StaleThreshold;
            });
            await MigrateAsync(store, dataSource);
            Assert.True(store.Options.Projections.UseTransactionEvidenceForGapSkipping);
            Assert.Null(store.Options.Projections.SkipStaleGapsDespiteLiveTransactionsAfter);

            var before = await AppendCaseAsync(store);
            using var daemon = await store.BuildProjectionDaemonAsync(logger: log);
            if (daemonAlreadyRunning)
            {
                await daemon.StartAllAsync();
                await UntilAsync("the events committed first to be projected", Patience,
                    async () => (await SeenAsync(store)).Count == before.Length, async () => Describe(await SeenAsync(store)));
            }

            // A: appends inside a transaction of its own that stays open (its sequences are drawn now).
            await using var connectionA = await dataSource.OpenConnectionAsync();
            await using var transactionA = await connectionA.BeginTransactionAsync();
            var caseA = Guid.NewGuid();
            await using (var sessionA = store.LightweightSession(Enlisted(transactionA)))
            {
                sessionA.Events.StartStream<CaseRecord>(caseA, ConcernReportedAndTriaged());
                await sessionA.SaveChangesAsync();
            }
            var a = await SequencesInAsync(connectionA, schema, caseA);

            // B and C: append later and commit, so their higher sequences are visible before A's.
            var b = await AppendCaseAsync(store);
            var c = await AppendCaseAsync(store);
            Assert.Equal(2, a.Length);
            Assert.True(a.Max() < b.Min() && b.Max() < c.Min(), $"A {string.Join(",", a)}, B {string.Join(",", b)}, C {string.Join(",", c)}");

            if (!daemonAlreadyRunning)
            {
                await daemon.StartAllAsync();
                await UntilAsync("the events committed before A to be projected", Patience,
                    async () => (await SeenAsync(store)).Count == before.Length, async () => Describe(await SeenAsync(store)));
            }

            // While A is open, for several times the stale threshold: nothing at or past A's first sequence.
            var holding = System.Diagnostics.Stopwatch.StartNew();
            while (holding.Elapsed < Hold)
            {
                var seen = await SeenAsync(store);
                var mark = await HighWaterMarkAsync(store);
                Assert.True(seen.All(s => s.Sequence < a.Min()) && mark < a.Min(),
                    $"While A ({string.Join(",", a)}) was open the daemon passed it: high water {mark}, projected {Describe(seen)}");
                await Task.Delay(200);
            }
            Assert.Equal(before, (await SeenAsync(store)).Select(s => s.Sequence));

            log.Note("committing A");
            await transactionA.CommitAsync();
            log.Note("committed A");

            long[] all = [.. before, .. a, .. b, .. c];
            await UntilAsync("every event to be projected", Patience,
                async () => (await SeenAsync(store)).Count >= all.Length, async () => Describe(await SeenAsync(store)));
            log.Note("all projected");
            await daemon.StopAllAsync();

            Assert.Equal(all, await AllSequencesAsync(dataSource, schema));
            Assert.Equal(all, (await SeenAsync(store)).Select(s => s.Sequence));
            Assert.Equal(1L, await ScalarAsync(dataSource,
                $"select count(*) from information_schema.tables where table_schema = '{schema}' and table_name = 'mt_high_water_skips'"));
            // No event was skipped. Marten can still record the span it held as a skip when A commits between
            // its gap walk and its liveness probe (A's events are committed before the mark moves, so they are
            // projected, as asserted above): that row, and only that one, may appear.
            Assert.All(await SkipsAsync(dataSource, schema), skip => Assert.True(skip.Starting == a.Min() - 1 && skip.Ending >= a.Max(),
                $"a skip of ({skip.Starting}, {skip.Ending}] recorded; A was {string.Join(",", a)}"));
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }

    /// <summary>
    /// The control for the test above, which shows it can fail: with the transaction evidence switched off
    /// (Marten 8's wall-clock rule), the daemon skips the open transaction's gap once it is stale, and A's
    /// events, committed afterwards, are never projected. The skip is recorded in mt_high_water_skips,
    /// which is why any row there is an alarm.
    /// </summary>
    [Fact]
    public async Task Without_transaction_evidence_the_daemon_would_skip_an_open_append_for_ever_and_record_the_skip()
    {
        var schema = TestDatabase.NewSchema("daemon");
        await using var dataSource = StoreSetup.DataSource(TestDatabase.ConnectionString);
        try
        {
            await using var store = DocumentStore.For(o =>
            {
                Configure(o, dataSource, schema, "solo");
                o.Projections.AsyncMode = DaemonMode.Solo;
                o.Projections.StaleSequenceThreshold = StaleThreshold;
                o.Projections.UseTransactionEvidenceForGapSkipping = false;
            });
            await MigrateAsync(store, dataSource);

            var before = await AppendCaseAsync(store);
            await using var connectionA = await dataSource.OpenConnectionAsync();
            await using var transactionA = await connectionA.BeginTransactionAsync();
            var caseA = Guid.NewGuid();
            await using (var sessionA = store.LightweightSession(Enlisted(transactionA)))
            {
                sessionA.Events.StartStream<CaseRecord>(caseA, ConcernReportedAndTriaged());
                await sessionA.SaveChangesAsync();
            }
            var a = await SequencesInAsync(connectionA, schema, caseA);
            var b = await AppendCaseAsync(store);

            using var daemon = await store.BuildProjectionDaemonAsync(logger: new TestOutputLogger(output));
            await daemon.StartAllAsync();
            await UntilAsync("the daemon to skip past the open transaction", Patience,
                async () => (await SeenAsync(store)).Count == before.Length + b.Length, async () => Describe(await SeenAsync(store)));
            await transactionA.CommitAsync();
            var c = await AppendCaseAsync(store);
            await UntilAsync("the events after A to be projected", Patience,
                async () => (await SeenAsync(store)).Any(s => s.Sequence == c.Max()), async () => Describe(await SeenAsync(store)));
            await daemon.StopAllAsync();

            long[] appended = [.. before, .. a, .. b, .. c];
            long[] projected = [.. before, .. b, .. c];
            Assert.Equal(appended, await AllSequencesAsync(dataSource, schema));
            Assert.Equal(projected, (await SeenAsync(store)).Select(s => s.Sequence));
            Assert.Contains(await SkipsAsync(dataSource, schema), skip => skip.Starting < a.Min() && skip.Ending >= a.Max());
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task With_two_hosts_on_one_database_each_event_is_projected_once_by_one_owner_and_the_other_takes_over_when_it_stops()
    {
        var schema = TestDatabase.NewSchema("daemon");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var hosts = new Dictionary<string, IHost>
        {
            ["host-one"] = BuildHost("host-one", schema, DaemonMode.HotCold, output, clock),
            ["host-two"] = BuildHost("host-two", schema, DaemonMode.HotCold, output, clock),
        };
        string[] names = [.. hosts.Keys];
        // The service's writers: a store of its own, without a daemon, that outlives either host.
        await using var dataSource = StoreSetup.DataSource(TestDatabase.ConnectionString);
        await using var store = DocumentStore.For(o => Configure(o, dataSource, schema, host: null));
        try
        {
            await MigrateAsync(store, dataSource);
            await Task.WhenAll(hosts.Values.Select(h => h.StartAsync()));

            var first = new List<long>();
            for (var i = 0; i < 4; i++)
            {
                first.AddRange(await AppendCaseAsync(store));
            }
            await UntilAsync("the first events to be projected", Patience,
                async () => (await SeenAsync(store)).Count >= first.Count, async () => Describe(await SeenAsync(store)));
            var seen = await SeenAsync(store);
            Assert.Equal(first, seen.Select(s => s.Sequence));
            var owner = Assert.Single(seen.Select(s => s.Host).Distinct());
            var other = hosts.Keys.Single(k => k != owner);
            // The owner holds the daemon's advisory lock, on a session not left idle in a transaction (so the
            // service's idle_in_transaction_session_timeout cannot end it); the other holds none.
            Assert.Equal([owner], await AdvisoryLockHoldersAsync(dataSource, names));

            await hosts[owner].StopAsync();
            hosts[owner].Dispose();
            hosts.Remove(owner);
            var second = new List<long>();
            for (var i = 0; i < 4; i++)
            {
                second.AddRange(await AppendCaseAsync(store));
            }
            await UntilAsync($"{other} to take over and project the later events", Patience,
                async () => (await SeenAsync(store)).Count >= first.Count + second.Count, async () => Describe(await SeenAsync(store)));
            // Give a second owner, were there one, the time to project anything twice.
            await Task.Delay(TimeSpan.FromSeconds(1));

            seen = await SeenAsync(store);
            long[] all = [.. first, .. second];
            Assert.Equal(all, seen.Select(s => s.Sequence));
            Assert.All(seen.Where(s => first.Contains(s.Sequence)), s => Assert.Equal(owner, s.Host));
            Assert.All(seen.Where(s => second.Contains(s.Sequence)), s => Assert.Equal(other, s.Host));
            Assert.Equal([other], await AdvisoryLockHoldersAsync(dataSource, names));
        }
        finally
        {
            foreach (var host in hosts.Values)
            {
                await host.StopAsync();
                host.Dispose();
            }
            await TestDatabase.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task A_rebuild_of_an_async_projection_gives_the_same_rows()
    {
        var schema = TestDatabase.NewSchema("daemon");
        await using var dataSource = StoreSetup.DataSource(TestDatabase.ConnectionString);
        try
        {
            await using var store = DocumentStore.For(o =>
            {
                Configure(o, dataSource, schema, "solo");
                o.Projections.AsyncMode = DaemonMode.Solo;
            });
            await MigrateAsync(store, dataSource);
            var appended = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                appended.AddRange(await AppendCaseAsync(store));
            }
            using var daemon = await store.BuildProjectionDaemonAsync(logger: new TestOutputLogger(output));
            await daemon.StartAllAsync();
            await UntilAsync("every event to be projected", Patience,
                async () => (await SeenAsync(store)).Count >= appended.Count, async () => Describe(await SeenAsync(store)));
            await daemon.StopAllAsync();
            var live = Rows(await SeenAsync(store));

            var liveIds = (await SeenAsync(store)).Select(s => s.Id).ToHashSet();

            await daemon.RebuildProjectionAsync("seen_events", CancellationToken.None);

            var rebuilt = await SeenAsync(store);
            Assert.Equal(appended, live.Select(r => r.Sequence));
            Assert.Equal(live, Rows(rebuilt));
            // Every row was written anew by the rebuild: none of the live rows was left in place.
            Assert.DoesNotContain(rebuilt, s => liveIds.Contains(s.Id));
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }

    private static SessionOptions Enlisted(NpgsqlTransaction transaction)
    {
        var options = SessionOptions.ForTransaction(transaction);
        options.TenantId = Tenant;
        return options;
    }

    /// <summary>The sequences of a stream as its own (possibly uncommitted) transaction sees them.</summary>
    private static async Task<long[]> SequencesInAsync(NpgsqlConnection connection, string schema, Guid streamId)
    {
        await using var command = new NpgsqlCommand($"select seq_id from {schema}.mt_events where stream_id = $1 order by seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        await using var reader = await command.ExecuteReaderAsync();
        var sequences = new List<long>();
        while (await reader.ReadAsync())
        {
            sequences.Add(reader.GetInt64(0));
        }
        return [.. sequences];
    }

    /// <summary>
    /// Which of the hosts (by application_name) hold an advisory lock in this database, marked if the session
    /// holding it sits idle in a transaction.
    /// </summary>
    private static async Task<string[]> AdvisoryLockHoldersAsync(NpgsqlDataSource dataSource, IEnumerable<string> hosts) =>
        [.. (await ListAsync<string>(dataSource, $"""
            select distinct a.application_name || case when a.state like 'idle in transaction%' then ' (idle in transaction)' else '' end
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.application_name in ({string.Join(",", hosts.Select(h => $"'{h}'"))})
            order by 1
            """))];

    private static List<(long Sequence, Guid StreamId, string EventType)> Rows(IEnumerable<SeenEvent> seen) =>
        [.. seen.Select(s => (s.Sequence, s.StreamId, s.EventType))];
}
