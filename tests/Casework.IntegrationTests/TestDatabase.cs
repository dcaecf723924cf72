using Casework.Operations;
using Npgsql;

namespace Casework.IntegrationTests;

/// <summary>
/// The real PostgreSQL the integration tests use: ConnectionStrings__Casework and ConnectionStrings__CaseworkOwner,
/// or the local cluster that scripts/db.sh starts when they are not set. Each test host works in a schema of its
/// own, migrated by its owner and dropped afterwards; the service under test connects as the service's role.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<string> Owner = new(LocalServer.OwnerConnectionString);
    private static readonly Lazy<string> Service = new(LocalServer.ConnectionString);

    /// <summary>The schema owner's: migrating, dropping, and reading or tampering behind the service's back.</summary>
    public static string ConnectionString => Owner.Value;

    /// <summary>The service's role, which owns nothing (ADR 15): what every service under test connects as.</summary>
    public static string ServiceConnectionString => Service.Value;

    public static string ServiceRole => new NpgsqlConnectionStringBuilder(ServiceConnectionString).Username!;

    /// <summary>A master key file for hosts outside Development, which must be given one (ADR 28): 32 random bytes, base64.</summary>
    public static string MasterKeyFile { get; } = WriteMasterKey();

    private static string WriteMasterKey()
    {
        var path = Path.Combine(Path.GetTempPath(), $"casework-master-key-{Guid.NewGuid():N}");
        File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return path;
    }

    public static string NewSchema(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The schema as `migrate` makes it, before a service starts on it.</summary>
    public static Task MigrateAsync(string schema) => Migration.ApplyAsync(ConnectionString, schema, ServiceRole);

    public static async Task DropSchemaAsync(string schema)
    {
        await using var admin = new NpgsqlConnection(ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
