using Casework.EventStore;
using Npgsql;

namespace Casework.IntegrationTests.EventStore;

public sealed class SubscriptionTests
{
    // No key on event_id: a second delivery must show as a duplicate row, not as a rolled-back batch.
    private const string Table = "create table seen (event_id uuid not null, global_position bigint not null, runner text not null)";

    /// <summary>Records each event it handles with its runner's name.</summary>
    private sealed class Recorder(string runner, Func<int, Task>? beforeEvent = null) : ISubscription
    {
        public string Name => "recorder";

        public async Task HandleAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<RecordedEvent> batch, CancellationToken ct)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (beforeEvent is not null)
                {
                    await beforeEvent(i);
                }
                await using var insert = new NpgsqlCommand("insert into seen values (@id, @position, @runner)", connection, tx);
                insert.Parameters.Add(new NpgsqlParameter<Guid>("id", batch[i].EventId));
                insert.Parameters.Add(new NpgsqlParameter<long>("position", batch[i].GlobalPosition));
                insert.Parameters.Add(new NpgsqlParameter<string>("runner", runner));
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
    }

    [Fact]
    public async Task Two_runners_on_one_subscription_exactly_one_processes()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync(Table);
        var store = new Casework.EventStore.EventStore(db.DataSource);
        var a = new SubscriptionRunner(db.DataSource, new Recorder("a"), batchSize: 10, TimeSpan.FromMilliseconds(50));
        var b = new SubscriptionRunner(db.DataSource, new Recorder("b"), batchSize: 10, TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();
        var running = new[] { a.RunAsync(stop.Token), b.RunAsync(stop.Token) };

        for (var i = 0; i < 20; i++)
        {
            await store.AppendAsync(Given.Tenant, Given.AStream(), "case", ExpectedVersion.NoStream, Given.Events(5));
        }
        await WaitUntil(async () => await db.ScalarAsync<long>("select count(*) from seen") == 100);
        await Task.Delay(200);

        Assert.True(a.IsOwner ^ b.IsOwner);
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(distinct runner) from seen"));
        Assert.Equal(100L, await db.ScalarAsync<long>("select count(*) from seen"));
        Assert.Equal(100L, await db.ScalarAsync<long>("select count(distinct event_id) from seen"));
        stop.Cancel();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task When_the_owner_dies_mid_batch_the_other_runner_takes_over_and_nothing_is_processed_twice()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync(Table);
        var store = new Casework.EventStore.EventStore(db.DataSource);
        for (var i = 0; i < 10; i++)
        {
            await store.AppendAsync(Given.Tenant, Given.AStream(), "case", ExpectedVersion.NoStream, Given.Events(3));
        }

        // Runner a stalls in the middle of its first batch, after writing part of it.
        var stalled = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var a = new SubscriptionRunner(db.DataSource, new Recorder("a", async i =>
        {
            if (i == 5 && !release.Task.IsCompleted)
            {
                stalled.TrySetResult();
                await release.Task;
            }
        }), batchSize: 10, TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();
        var runA = a.RunAsync(stop.Token);
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var b = new SubscriptionRunner(db.DataSource, new Recorder("b"), batchSize: 10, TimeSpan.FromMilliseconds(50));
        var runB = b.RunAsync(stop.Token);
        await Task.Delay(300);
        Assert.True(a.IsOwner);
        Assert.False(b.IsOwner);
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from seen"));

        // Kill the owner's server process, as a crash or a network partition would.
        await db.ExecuteAsync($"select pg_terminate_backend({a.OwnerProcessId})");
        await WaitUntil(async () => await db.ScalarAsync<long>("select count(*) from seen") == 30);
        release.SetResult();
        await Task.Delay(300);

        Assert.True(b.IsOwner);
        Assert.Equal(30L, await db.ScalarAsync<long>("select count(*) from seen"));
        Assert.Equal(30L, await db.ScalarAsync<long>("select count(distinct event_id) from seen"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from seen where runner = 'a'"));
        Assert.Equal(await db.ScalarAsync<long>("select max(global_position) from events"),
            await db.ScalarAsync<long>("select last_position from subscriptions where name = 'recorder'"));
        stop.Cancel();
        await Task.WhenAll(runA, runB);
    }

    internal static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(25);
        }
    }
}
