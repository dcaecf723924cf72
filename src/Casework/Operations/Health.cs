using Casework.Http;
using Npgsql;

namespace Casework.Operations;

/// <summary>Liveness (the process answers) and readiness (the database answers a query), open to anyone, revealing nothing.</summary>
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

        health.MapGet("/ready", async Task<IResult> (NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(ReadinessBound);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await using var command = dataSource.CreateCommand("select 1");
                        command.CommandTimeout = (int)ReadinessBound.TotalSeconds;
                        await command.ExecuteScalarAsync(bound.Token);
                        return TypedResults.Ok(new HealthStatus("ready"));
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested
                        && (Problems.DatabaseUnavailable(e) || e is NpgsqlException or TimeoutException or OperationCanceledException))
                    {
                        // Npgsql lends a pooled connection without checking it, and a database restart leaves every
                        // idle one dead: clear them (so requests stop drawing them too) and ask once more on a new
                        // connection, so a dead connection never says "not ready" while the database answers.
                        dataSource.Clear();
                        if (attempt == 1 && !bound.IsCancellationRequested && Problems.DatabaseUnavailable(e))
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

    public sealed record HealthStatus(string Status);
}
