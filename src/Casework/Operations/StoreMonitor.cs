using Casework.EventStore;
using Npgsql;

namespace Casework.Operations;

/// <summary>Samples the store's status for the metrics every 15 seconds.</summary>
public sealed class StoreMonitor(NpgsqlDataSource dataSource, ILogger<StoreMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        do
        {
            try
            {
                await StoreStatus.ReadAsync(dataSource, stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Store status could not be read: {Reason}", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
