using Npgsql;

namespace Casework.EventStore;

/// <summary>An async consumer of the global feed. It writes through the given connection and transaction, which also commits its checkpoint.</summary>
public interface ISubscription
{
    string Name { get; }

    Task HandleAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<RecordedEvent> batch, CancellationToken ct);
}

/// <summary>
/// Runs one subscription with exactly one owner at a time: the owner holds a session advisory lock on a
/// dedicated connection, and each batch commits the handler's writes with the checkpoint in one
/// transaction. If the owner dies mid-batch its transaction rolls back, its lock goes with its connection,
/// and the next runner takes over from the last committed checkpoint.
/// </summary>
public sealed class SubscriptionRunner(NpgsqlDataSource dataSource, ISubscription subscription, int batchSize = 500, TimeSpan? pollInterval = null)
{
    private readonly TimeSpan _poll = pollInterval ?? TimeSpan.FromSeconds(1);

    /// <summary>True while this runner holds the subscription.</summary>
    public bool IsOwner { get; private set; }

    /// <summary>The checkpoint this runner last committed.</summary>
    public FeedCheckpoint Checkpoint { get; private set; }

    /// <summary>The server process of the owning connection, for operators (and tests) that must end it.</summary>
    public int? OwnerProcessId { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                if (!await TryOwnAsync(connection, ct))
                {
                    await Task.Delay(_poll, ct);
                    continue;
                }
                try
                {
                    await ProcessWhileOwnerAsync(connection, ct);
                }
                finally
                {
                    IsOwner = false;
                    OwnerProcessId = null;
                    if (connection.State == System.Data.ConnectionState.Open)
                    {
                        await using var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", connection);
                        await unlock.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException) when (!ct.IsCancellationRequested)
            {
                // The connection broke (or was ended): ownership is gone with it. Try again shortly.
                await Task.Delay(_poll, ct).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private async Task<bool> TryOwnAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select pg_try_advisory_lock(2, hashtext(current_schema() || '/' || @name)), pg_backend_pid()", connection);
        command.Parameters.Add(new NpgsqlParameter<string>("name", subscription.Name));
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            IsOwner = reader.GetBoolean(0);
            OwnerProcessId = IsOwner ? reader.GetInt32(1) : null;
        }
        if (IsOwner)
        {
            // Created once here, so that each batch only reads it: an idle poll writes nothing and takes no
            // transaction id (which would hold every feed reader in the cluster back while it lasted).
            await using var create = new NpgsqlCommand("insert into subscriptions (name) values (@name) on conflict (name) do nothing", connection);
            create.Parameters.Add(new NpgsqlParameter<string>("name", subscription.Name));
            await create.ExecuteNonQueryAsync(ct);
        }
        return IsOwner;
    }

    private async Task ProcessWhileOwnerAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using (var listen = new NpgsqlCommand($"listen {ProjectionWriter.Identifier(FeedNotifier.Channel(dataSource))}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        while (!ct.IsCancellationRequested)
        {
            var handled = await ProcessBatchAsync(connection, ct);
            if (handled < batchSize)
            {
                // Caught up: wait for a wake-up hint, or poll (a late commit below xmin sends no hint).
                await connection.WaitAsync(_poll, ct);
            }
        }
    }

    private async Task<int> ProcessBatchAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        FeedCheckpoint checkpoint;
        await using (var read = new NpgsqlCommand(
            "select last_tx::text, last_position from subscriptions where name = @name", connection, tx))
        {
            // Only the owner (the advisory lock) reads and writes this row.
            read.Parameters.Add(new NpgsqlParameter<string>("name", subscription.Name));
            await using var reader = await read.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            checkpoint = new FeedCheckpoint(ulong.Parse(reader.GetString(0)), reader.GetInt64(1));
        }

        var batch = await EventStore.ReadFeedAsync(connection, tx, checkpoint, batchSize, null, ct);
        if (batch.Count == 0)
        {
            await tx.RollbackAsync(ct);
            Checkpoint = checkpoint;
            return 0;
        }

        await subscription.HandleAsync(connection, tx, batch, ct);

        var last = batch[^1].Checkpoint;
        await using (var save = new NpgsqlCommand(
            "update subscriptions set last_tx = @tx::text::xid8, last_position = @position, updated_at = now() where name = @name", connection, tx))
        {
            save.Parameters.Add(new NpgsqlParameter<string>("tx", last.TxId.ToString()));
            save.Parameters.Add(new NpgsqlParameter<long>("position", last.Position));
            save.Parameters.Add(new NpgsqlParameter<string>("name", subscription.Name));
            await save.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        Checkpoint = last;
        return batch.Count;
    }
}
