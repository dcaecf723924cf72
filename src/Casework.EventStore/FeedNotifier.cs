using Npgsql;

namespace Casework.EventStore;

/// <summary>
/// Wakes subscribers after appends with a NOTIFY on the channel <c>{schema}_events</c>. Only a hint:
/// subscribers poll too. Signals coalesce, and a store sends at most one NOTIFY per interval however fast
/// appends arrive, so that the hint never costs an append a second round trip.
/// </summary>
internal sealed class FeedNotifier(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private int _state; // 0 idle, 1 sending, more: signalled again while sending

    public static string Channel(NpgsqlDataSource dataSource) => StoreDataSource.SchemaOf(dataSource) + "_events";

    public void Signal()
    {
        if (Interlocked.Increment(ref _state) == 1)
        {
            _ = Task.Run(SendAsync);
        }
    }

    private async Task SendAsync()
    {
        do
        {
            Volatile.Write(ref _state, 1);
            try
            {
                await using var command = dataSource.CreateCommand("select pg_notify(@channel, '')");
                command.Parameters.Add(new NpgsqlParameter<string>("channel", Channel(dataSource)));
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or ObjectDisposedException)
            {
                // A lost hint only delays subscribers until their next poll.
            }
            await Task.Delay(Interval);
        }
        while (Interlocked.CompareExchange(ref _state, 0, 1) != 1);
    }
}
