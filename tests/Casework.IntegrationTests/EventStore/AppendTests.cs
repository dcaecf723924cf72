using Casework.EventStore;
using Npgsql;

namespace Casework.IntegrationTests.EventStore;

public sealed class AppendTests
{
    [Fact]
    public async Task Thirty_two_writers_racing_on_exact_versions_win_each_version_exactly_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var stream = Given.AStream();
        const int writers = 32, rounds = 10;
        var winners = new List<(long Version, int Writer, Guid EventId)>();

        for (var version = 0; version < rounds; version++)
        {
            var expected = ExpectedVersion.Exactly(version);
            var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
            {
                var e = Given.AnEvent();
                try
                {
                    var result = await store.AppendAsync(Given.Tenant, stream, "case", expected, [e]);
                    return (Won: true, Writer: writer, e.EventId, NextVersion: result.NextVersion);
                }
                catch (ConcurrencyConflict)
                {
                    return (Won: false, Writer: writer, e.EventId, NextVersion: -1L);
                }
            }));

            var won = outcomes.Where(o => o.Won).ToList();
            Assert.Single(won);
            Assert.Equal(writers - 1, outcomes.Count(o => !o.Won));
            Assert.Equal(version + 1, won[0].NextVersion);
            winners.Add((won[0].NextVersion, won[0].Writer, won[0].EventId));
        }

        var stored = await store.ReadStreamAsync(Given.Tenant, stream);
        Assert.Equal(Enumerable.Range(1, rounds).Select(v => (long)v), stored.Select(e => e.StreamPosition));
        Assert.Equal(winners.Select(w => w.EventId), stored.Select(e => e.EventId));
    }

    [Fact]
    public async Task Thirty_two_writers_appending_with_any_store_every_event_once_with_dense_versions()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var stream = Given.AStream();
        const int writers = 32, perWriter = 20;

        var sent = await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            var ids = new List<Guid>();
            for (var i = 0; i < perWriter; i++)
            {
                var e = Given.AnEvent();
                await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Any, [e]);
                ids.Add(e.EventId);
            }
            return ids;
        }));

        var stored = await store.ReadStreamAsync(Given.Tenant, stream);
        Assert.Equal(writers * perWriter, stored.Count);
        Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(v => (long)v), stored.Select(e => e.StreamPosition));
        Assert.Equal(sent.SelectMany(ids => ids).OrderBy(id => id), stored.Select(e => e.EventId).OrderBy(id => id));
        Assert.Equal(writers * perWriter, await db.ScalarAsync<long>("select version from streams"));
    }

    [Fact]
    public async Task A_retried_append_with_the_same_event_ids_writes_nothing_and_succeeds()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var stream = Given.AStream();
        var batch = Given.Events(3);

        var first = await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.NoStream, batch);
        var retry = await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.NoStream, batch);
        var retryWithAny = await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Any, batch);

        Assert.True(first.Written);
        Assert.False(retry.Written);
        Assert.False(retryWithAny.Written);
        Assert.Equal(3, retry.NextVersion);
        Assert.Equal(first.Events.Select(e => e.GlobalPosition), retry.Events.Select(e => e.GlobalPosition));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from events"));
    }

    [Fact]
    public async Task The_same_event_ids_at_another_version_are_refused()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var stream = Given.AStream();
        var batch = Given.Events(2);
        await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.NoStream, batch);
        await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Exactly(2), Given.Events(1));

        await Assert.ThrowsAsync<ConcurrencyConflict>(() => store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Exactly(3), batch));
        await Assert.ThrowsAsync<ConcurrencyConflict>(() => store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Exactly(1), batch));
        await Assert.ThrowsAsync<ConcurrencyConflict>(() => store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Any, [batch[1], batch[0]]));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from events"));
    }

    [Fact]
    public async Task Expected_version_rules_no_stream_stream_exists_and_exact()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var stream = Given.AStream();

        var missing = await Assert.ThrowsAsync<ConcurrencyConflict>(() => store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.StreamExists, Given.Events(1)));
        Assert.Equal(0, missing.ActualVersion);
        await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.NoStream, Given.Events(2));
        var exists = await Assert.ThrowsAsync<ConcurrencyConflict>(() => store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.NoStream, Given.Events(1)));
        Assert.Equal(2, exists.ActualVersion);
        var stale = await Assert.ThrowsAsync<ConcurrencyConflict>(() => store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Exactly(1), Given.Events(1)));
        Assert.Equal(2, stale.ActualVersion);
        var next = await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.StreamExists, Given.Events(1));
        Assert.Equal(3, next.NextVersion);
        // A stream id used for another type is a programming fault, not a conflict a client could resolve.
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(Given.Tenant, stream, "other-type", ExpectedVersion.Any, Given.Events(1)));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from events"));
    }

    [Fact]
    public async Task Streams_of_different_tenants_never_mix()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var stream = Given.AStream();
        await store.AppendAsync("school-a", stream, "case", ExpectedVersion.NoStream, Given.Events(2));
        await store.AppendAsync("school-b", stream, "case", ExpectedVersion.NoStream, Given.Events(1));

        Assert.Equal(2, (await store.ReadStreamAsync("school-a", stream)).Count);
        Assert.Single(await store.ReadStreamAsync("school-b", stream));
        // The feed shows committed events once no older transaction in the cluster is still open.
        await SubscriptionTests.WaitUntil(async () => (await store.ReadFeedAsync(FeedCheckpoint.Start, 100)).Count == 3);
        Assert.Single(await store.ReadFeedAsync(FeedCheckpoint.Start, 100, "school-b"));
    }

    [Fact]
    public async Task Update_delete_and_truncate_on_events_are_refused()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        await store.AppendAsync(Given.Tenant, Given.AStream(), "case", ExpectedVersion.NoStream, Given.Events(2));

        foreach (var sql in new[] { "update events set data = '{\"x\":1}'", "delete from events", "truncate events cascade" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql));
            Assert.Equal("CW003", refused.SqlState);
        }
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from events"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from events where data <> '{}'::jsonb"));
    }

    [Fact]
    public async Task Reading_a_stream_as_at_an_instant_returns_exactly_the_events_recorded_by_then()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var stream = Given.AStream();
        var first = await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.NoStream, Given.Events(2));
        await Task.Delay(20);
        var second = await store.AppendAsync(Given.Tenant, stream, "case", ExpectedVersion.Exactly(2), Given.Events(1));

        var atFirst = await store.ReadStreamAsync(Given.Tenant, stream, asOf: first.Events[^1].RecordedAt);
        var justBefore = await store.ReadStreamAsync(Given.Tenant, stream, asOf: first.Events[0].RecordedAt.AddTicks(-10));
        var atSecond = await store.ReadStreamAsync(Given.Tenant, stream, asOf: second.Events[0].RecordedAt);
        var upToVersion = await store.ReadStreamAsync(Given.Tenant, stream, toVersion: 1);

        Assert.Equal(first.Events.Select(e => e.EventId), atFirst.Select(e => e.EventId));
        Assert.Empty(justBefore);
        Assert.Equal(3, atSecond.Count);
        Assert.Equal(first.Events[0].EventId, Assert.Single(upToVersion).EventId);
    }

    [Fact]
    public async Task Two_processes_migrating_at_once_apply_each_migration_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("drop schema " + db.Schema + " cascade");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Migrator.ApplyAsync(db.DataSource, [Migrator.StoreMigrations])));

        Assert.Equal(1, results.Count(applied => applied.Count > 0));
        Assert.Equal(results.Sum(r => r.Count), await db.ScalarAsync<long>("select count(*) from schema_migrations"));
    }

    [Fact]
    public async Task The_order_guard_refuses_an_append_by_an_older_transaction_after_a_newer_one()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var stream = "held-stream";

        // An older transaction takes its id first (as a caller's transaction that wrote something would) ...
        await using var older = await db.DataSource.OpenConnectionAsync();
        await using var olderTx = await older.BeginTransactionAsync();
        await using (var takeId = new NpgsqlCommand("select pg_current_xact_id()", older, olderTx))
        {
            await takeId.ExecuteScalarAsync();
        }
        // ... a newer one appends to the stream and commits ...
        await using (var newer = await db.DataSource.OpenConnectionAsync())
        {
            await FeedTests.AppendInTransaction(newer, null, stream, Given.AnEvent());
        }

        // ... so the older one's append would put version 2 before version 1 in the feed: refused, to be retried.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => FeedTests.AppendInTransaction(older, olderTx, stream, Given.AnEvent(), expected: -1));
        Assert.Equal(PostgresErrorCodes.SerializationFailure, refused.SqlState);
    }

    [Fact]
    public async Task The_service_refuses_a_cluster_whose_transaction_ids_are_behind_the_stored_ones()
    {
        await using var db = await TestDatabase.CreateAsync();
        await Migrator.EnsureTransactionIdsAheadAsync(db.DataSource);

        // What a logical restore into a new cluster looks like: stored ids far ahead of the cluster's.
        await db.ExecuteAsync("insert into streams (tenant_id, stream_id, stream_type, last_tx) values ('school-a', 'restored', 'case', '900000000000')");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.EnsureTransactionIdsAheadAsync(db.DataSource));
    }
}
