using Npgsql;

namespace Casework.EventStore;

/// <summary>What an operator watches (EVENT-STORE.md section 6): writers holding the feed back, and subscription lag.</summary>
public sealed record StoreStatus(double OldestWritingTransactionSeconds, IReadOnlyList<StoreStatus.SubscriptionLag> Subscriptions)
{
    public sealed record SubscriptionLag(string Name, long Positions, double Seconds);

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
        await using (var command = new NpgsqlCommand(
            "select s.name, coalesce((select max(global_position) from events), 0) - s.last_position, " +
            "extract(epoch from clock_timestamp() - s.updated_at)::float8 from subscriptions s order by s.name", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                lags.Add(new SubscriptionLag(reader.GetString(0), Math.Max(0, reader.GetInt64(1)), reader.GetDouble(2)));
            }
        }

        var status = new StoreStatus(oldest, lags);
        Volatile.Write(ref _last, status);
        return status;
    }
}
