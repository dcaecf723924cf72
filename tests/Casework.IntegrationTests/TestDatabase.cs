using Casework.EventStore;
using Npgsql;

namespace Casework.IntegrationTests;

/// <summary>
/// A fresh, migrated schema in the real PostgreSQL for one test, dropped afterwards. The cluster comes from
/// ConnectionStrings__Casework, or is started by scripts/db.sh when that is not set.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly Lazy<string> Server = new(LocalServer.ConnectionString);

    private TestDatabase(NpgsqlDataSource dataSource, string schema)
    {
        DataSource = dataSource;
        Schema = schema;
    }

    public NpgsqlDataSource DataSource { get; }
    public string Schema { get; }
    public static string ConnectionString => Server.Value;

    public static async Task<TestDatabase> CreateAsync(params System.Reflection.Assembly[] migrations)
    {
        var schema = "test_" + Guid.NewGuid().ToString("N")[..16];
        var dataSource = StoreDataSource.Create(ConnectionString, schema);
        await Migrator.ApplyAsync(dataSource, [Migrator.StoreMigrations, .. migrations]);
        return new TestDatabase(dataSource, schema);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await DropSchemaAsync(Schema);
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var admin = new NpgsqlConnection(ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
