using Npgsql;

namespace Casework.Operations;

/// <summary>Liveness (the process answers) and readiness (the database answers a query), open to anyone, revealing nothing.</summary>
public static class Health
{
    public static void MapHealth(this WebApplication app)
    {
        var health = app.MapGroup("/health").AllowAnonymous().WithTags("Health");

        health.MapGet("/live", () => TypedResults.Ok(new HealthStatus("live")))
            .WithName("health-live")
            .WithSummary("The process is running.");

        health.MapGet("/ready", async Task<IResult> (NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                try
                {
                    await using var command = dataSource.CreateCommand("select 1");
                    command.CommandTimeout = 3;
                    await command.ExecuteScalarAsync(ct);
                    return TypedResults.Ok(new HealthStatus("ready"));
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    return TypedResults.Problem(title: "The database does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .WithName("health-ready")
            .WithSummary("The service can reach its database.")
            .Produces<HealthStatus>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    public sealed record HealthStatus(string Status);
}
