using Casework.EventStore;
using Npgsql;

namespace Casework.Operations;

/// <summary>The event store as the service uses it: one pooled data source from ConnectionStrings:Casework, migrated at start-up.</summary>
public static class StoreSetup
{
    public static WebApplicationBuilder AddCaseworkStore(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Casework");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No database configured: set ConnectionStrings:Casework (environment variable ConnectionStrings__Casework), " +
                "or start the service with scripts/run.sh, which provisions a local PostgreSQL.");
        }

        builder.Services.AddSingleton(_ => StoreDataSource.Create(connectionString, builder.Configuration["Casework:Schema"] ?? StoreDataSource.DefaultSchema));
        // Inline projections are registered as IStreamProjection and run in every append's transaction.
        builder.Services.AddSingleton(services => new Casework.EventStore.EventStore(
            services.GetRequiredService<NpgsqlDataSource>(), [.. services.GetServices<IStreamProjection>()]));
        builder.Services.AddHostedService<StoreMonitor>();
        return builder;
    }

    public static async Task MigrateStoreAsync(this WebApplication app)
    {
        var applied = await Migrator.ApplyAsync(app.Services.GetRequiredService<NpgsqlDataSource>(),
            [Migrator.StoreMigrations, typeof(StoreSetup).Assembly]);
        app.Logger.LogInformation("Database migrated: {Applied} migration(s) applied", applied.Count);
        await Migrator.EnsureTransactionIdsAheadAsync(app.Services.GetRequiredService<NpgsqlDataSource>());
    }
}
