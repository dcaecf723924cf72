using Casework.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Casework.IntegrationTests.EventStore;

public sealed class FeedTests
{
    [Fact]
    public async Task The_feed_never_skips_an_event_committed_out_of_order()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);

        // An append whose transaction stays open: it holds global position 1.
        await using var held = await db.DataSource.OpenConnectionAsync();
        await using var heldTx = await held.BeginTransactionAsync();
        var heldEvent = Given.AnEvent();
        await AppendInTransaction(held, heldTx, "held-stream", heldEvent);

        // Later appends commit first, at higher positions.
        var later = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var result = await store.AppendAsync(Given.Tenant, Given.AStream(), "case", ExpectedVersion.NoStream, Given.Events(2));
            later.AddRange(result.Events.Select(e => e.EventId));
        }

        // A reader by position alone would now return 2..7 and move past 1 for ever. This one must wait.
        Assert.Empty(await store.ReadFeedAsync(FeedCheckpoint.Start, 100));

        await heldTx.CommitAsync();

        // Read on from the start in small batches until all seven arrive (other tests' open transactions
        // in the cluster may hold the feed back for a moment; that is the feed being safe, not a skip).
        var all = new List<RecordedEvent>();
        await SubscriptionTests.WaitUntil(async () =>
        {
            all = await ReadAllAsync(store, batchSize: 2);
            return all.Count == 7;
        });
        Assert.Equal([heldEvent.EventId, .. later], all.Select(e => e.EventId));
        Assert.Equal(all.Select(e => e.Checkpoint).Order(), all.Select(e => e.Checkpoint));
    }

    [Fact]
    public async Task A_reader_with_a_checkpoint_never_skips_an_older_transaction_that_commits_after_a_newer_one()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);

        // T1 takes the older transaction id; T2, newer, appends first (the lower position) and stays open;
        // then T1 appends (the higher position) and commits.
        await using var t1 = await db.DataSource.OpenConnectionAsync();
        await using var t1Tx = await t1.BeginTransactionAsync();
        await using (var takeId = new NpgsqlCommand("select pg_current_xact_id()", t1, t1Tx))
        {
            await takeId.ExecuteScalarAsync();
        }
        await using var t2 = await db.DataSource.OpenConnectionAsync();
        await using var t2Tx = await t2.BeginTransactionAsync();
        var a = Given.AnEvent();
        var b = Given.AnEvent();
        await AppendInTransaction(t2, t2Tx, "stream-a", a);
        await AppendInTransaction(t1, t1Tx, "stream-b", b);
        await t1Tx.CommitAsync();

        // A reader by position would now deliver b (position 2) and move its checkpoint past a (position 1).
        var seen = new List<RecordedEvent>();
        var checkpoint = FeedCheckpoint.Start;
        await SubscriptionTests.WaitUntil(async () =>
        {
            var batch = await store.ReadFeedAsync(checkpoint, 10);
            seen.AddRange(batch);
            checkpoint = batch.Count > 0 ? batch[^1].Checkpoint : checkpoint;
            return seen.Count == 1;
        });
        Assert.Equal(b.EventId, seen[0].EventId);

        await t2Tx.CommitAsync();
        await SubscriptionTests.WaitUntil(async () =>
        {
            var batch = await store.ReadFeedAsync(checkpoint, 10);
            seen.AddRange(batch);
            checkpoint = batch.Count > 0 ? batch[^1].Checkpoint : checkpoint;
            return seen.Count == 2;
        });
        Assert.Equal([b.EventId, a.EventId], seen.Select(e => e.EventId));
        Assert.True(seen[1].GlobalPosition < seen[0].GlobalPosition);
    }

    [Fact]
    public async Task A_reader_running_alongside_concurrent_writers_sees_every_event_once_in_stream_order()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var streams = Enumerable.Range(0, 4).Select(_ => Given.AStream()).ToArray();
        const int writers = 16, perWriter = 25;

        // Writers report how many events they stored; the reader stops once it has read that many (an
        // empty batch is no proof of the end: any transaction open in the cluster holds the feed back).
        var expected = -1L;
        var seen = new List<RecordedEvent>();
        var reader = Task.Run(async () =>
        {
            var checkpoint = FeedCheckpoint.Start;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (seen.Count != Interlocked.Read(ref expected) && DateTime.UtcNow < deadline)
            {
                var batch = await store.ReadFeedAsync(checkpoint, 37);
                seen.AddRange(batch);
                if (batch.Count > 0)
                {
                    checkpoint = batch[^1].Checkpoint;
                }
            }
            // One more read: nothing may follow.
            seen.AddRange(await store.ReadFeedAsync(checkpoint, 37));
        });

        await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await store.AppendAsync(Given.Tenant, streams[(w + i) % streams.Length], "case", ExpectedVersion.Any, Given.Events(1 + i % 3));
            }
        }));
        var stored = await db.ScalarAsync<long>("select count(*) from events");
        Interlocked.Exchange(ref expected, stored);
        await reader;

        Assert.Equal(stored, seen.Count);
        Assert.Equal(seen.Count, seen.Select(e => e.EventId).Distinct().Count());
        foreach (var stream in streams)
        {
            var positions = seen.Where(e => e.StreamId == stream).Select(e => e.StreamPosition).ToList();
            Assert.Equal(Enumerable.Range(1, positions.Count).Select(p => (long)p), positions);
        }
    }

    private static async Task<List<RecordedEvent>> ReadAllAsync(Casework.EventStore.EventStore store, int batchSize)
    {
        var all = new List<RecordedEvent>();
        var checkpoint = FeedCheckpoint.Start;
        while (true)
        {
            var batch = await store.ReadFeedAsync(checkpoint, batchSize);
            if (batch.Count == 0)
            {
                return all;
            }
            all.AddRange(batch);
            checkpoint = batch[^1].Checkpoint;
        }
    }

    internal static async Task AppendInTransaction(NpgsqlConnection connection, NpgsqlTransaction? tx, string stream, EventToAppend e, long expected = 0)
    {
        await using var command = new NpgsqlCommand(
            "select * from append_events(@tenant, @stream, 'case', @expected, @ids, @types, @versions, @data, @metadata, @occurred)", connection, tx);
        command.Parameters.Add(new NpgsqlParameter<long>("expected", expected));
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", Given.Tenant));
        command.Parameters.Add(new NpgsqlParameter<string>("stream", stream));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [e.EventId]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", [e.EventType]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("versions", [1]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("data", [e.Data]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string[]>("metadata", [e.Metadata]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("occurred", [e.OccurredAt]));
        await command.ExecuteNonQueryAsync();
    }
}
