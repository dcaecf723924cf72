using Npgsql;

namespace Casework.EventStore;

/// <summary>What an operator watches (EVENT-STORE.md section 6): writers holding the feed back, and subscription lag.</summary>
public sealed record StoreStatus(double OldestWritingTransactionSeconds, IReadOnlyList<StoreStatus.SubscriptionLag> Subscriptions)
{
    /// <summary>Events committed past a subscription's checkpoint, and how long the oldest of them has waited.</summary>
    public sealed record SubscriptionLag(string Name, long Events, double Seconds);

    private static StoreStatus _last = new(0, []);

    /// <summary>The last status read, for the metric callbacks.</summary>
    public static StoreStatus Last => Volatile.Read(ref _last);

    public static async Task<StoreStatus> ReadAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        double oldest;
        await using (var command = new NpgsqlCommand(
            "select coalesce(extract(epoch from clock_timestamp() - min(xact_start)), 0)::float8 from pg_stat_activity where backend_xid is not null", connection))
        {
            oldest = (double)(await command.ExecuteScalarAsync(ct))!;
        }

        var lags = new List<SubscriptionLag>();
        // Behind = in feed order past the checkpoint (global positions alone are not feed order).
        await using (var command = new NpgsqlCommand(
            "select s.name, count(e.global_position), " +
            "coalesce(extract(epoch from clock_timestamp() - min(e.recorded_at)), 0)::float8 " +
            "from subscriptions s left join events e on (e.tx_id, e.global_position) > (s.last_tx, s.last_position) " +
            "group by s.name order by s.name", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                lags.Add(new SubscriptionLag(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
            }
        }

        var status = new StoreStatus(oldest, lags);
        Volatile.Write(ref _last, status);
        return status;
    }
}
