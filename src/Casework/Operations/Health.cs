using System.Diagnostics;
using Casework.Cases;
using Casework.Http;
using Npgsql;

namespace Casework.Operations;

/// <summary>Liveness (the process answers) and readiness (the erasure log replayed, the database answers a query), open to anyone, revealing nothing.</summary>
public static class Health
{
    /// <summary>
    /// Readiness answers within this, whatever the database does (a host that drops packets leaves a connection
    /// attempt hanging for the connection string's Timeout): below the chart's probe timeout of 3 s, so the answer
    /// is always the service's own "not ready", never the kubelet giving up.
    /// </summary>
    public static readonly TimeSpan ReadinessBound = TimeSpan.FromSeconds(2);

    public static void MapHealth(this WebApplication app)
    {
        var health = app.MapGroup("/health").AllowAnonymous().WithTags("Health");

        // Never touches the database: a service only waiting for its database is not restarted (readiness takes
        // it out of the Service meanwhile).
        health.MapGet("/live", () => TypedResults.Ok(new HealthStatus("live")))
            .WithName("health-live")
            .WithSummary("The process is running.");

        health.MapGet("/ready", async Task<IResult> (NpgsqlDataSource dataSource, ErasureReplay erasures, CancellationToken ct) =>
            {
                if (!erasures.Replayed)
                {
                    // A restored database may hold keys an erasure destroyed: nothing is served before they are gone again (ADR 42).
                    return TypedResults.Problem(title: "The erasure log is not yet replayed.", statusCode: StatusCodes.Status503ServiceUnavailable);
                }
                var elapsed = Stopwatch.StartNew();
                for (var attempt = 1; ; attempt++)
                {
                    // Npgsql bounds opening a connection by the connection string's Timeout only (a cancelled token
                    // does not stop it), so the probe stops waiting instead and leaves the attempt to fail on its own.
                    var query = SelectOneAsync(dataSource, ct);
                    try
                    {
                        var left = ReadinessBound - elapsed.Elapsed;
                        await query.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
                        return TypedResults.Ok(new HealthStatus("ready"));
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested && (e is TimeoutException || Problems.DatabaseUnavailable(e) || e is NpgsqlException))
                    {
                        _ = query.ContinueWith(abandoned => abandoned.Exception, TaskContinuationOptions.OnlyOnFaulted);
                        // Npgsql lends a pooled connection without checking it, and a database restart leaves every
                        // idle one dead: clear them (so requests stop drawing them too) and ask once more on a new
                        // connection, so a dead connection never says "not ready" while the database answers.
                        dataSource.Clear();
                        if (attempt == 1 && e is not TimeoutException && Problems.DatabaseUnavailable(e))
                        {
                            continue;
                        }
                        return TypedResults.Problem(title: "The database does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable);
                    }
                }
            })
            .WithName("health-ready")
            .WithSummary("The service can reach its database.")
            .Produces<HealthStatus>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task SelectOneAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("select 1");
        command.CommandTimeout = (int)ReadinessBound.TotalSeconds;
        await command.ExecuteScalarAsync(ct);
    }

    public sealed record HealthStatus(string Status);
}
