using Npgsql;

namespace Casework.IntegrationTests;

/// <summary>
/// The real PostgreSQL the integration tests use: ConnectionStrings__Casework, or the local cluster that
/// scripts/db.sh starts when that is not set. Each test host works in a schema of its own, dropped afterwards.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<string> Server = new(LocalServer.ConnectionString);

    public static string ConnectionString => Server.Value;

    public static string NewSchema(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..16];

    public static async Task DropSchemaAsync(string schema)
    {
        await using var admin = new NpgsqlConnection(ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
