using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Casework.Http.Benchmarks;

/// <summary>
/// The PostgreSQL cluster, seen from the harness: what it knows of the store is only the pre-fill file it is
/// given. Everything else here (schemas, VACUUM, CHECKPOINT) holds for any store.
/// </summary>
internal sealed class Database(string connectionString, string serviceConnectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <summary>The schema owner's (ADR 15): the harness migrates, fills, vacuums and drops with it.</summary>
    public string ConnectionString => connectionString;

    /// <summary>The service's role, which the service under measurement connects as.</summary>
    public string ServiceConnectionString => serviceConnectionString;

    /// <summary>
    /// <c>ConnectionStrings__CaseworkOwner</c> and <c>ConnectionStrings__Casework</c> when set, else the cluster
    /// <c>scripts/db.sh</c> starts and prints (its <c>owner</c> and <c>start</c>).
    /// </summary>
    public static async Task<Database> LocateAsync(string repository, CancellationToken ct) =>
        new(await LocateAsync(repository, "ConnectionStrings__CaseworkOwner", "owner", ct), await LocateAsync(repository, "ConnectionStrings__Casework", "start", ct));

    private static async Task<string> LocateAsync(string repository, string variable, string command, CancellationToken ct)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var (code, stdout, stderr) = await Processes.RunAsync("bash", [Path.Combine(repository, "scripts", "db.sh"), command], repository, ct);
        return code == 0 && stdout.Length > 0
            ? stdout.Split('\n')[^1].Trim()
            : throw new InvalidOperationException($"scripts/db.sh {command} failed: {stderr}");
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public static string NewSchema(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>
    /// Runs the pre-fill file in one transaction, <c>{schema}</c> and <c>{count}</c> replaced. The file must follow
    /// the tables of the store the service runs on (Prefill/marten.sql follows Marten's tables).
    /// </summary>
    public async Task<TimeSpan> PrefillAsync(string schema, string sqlTemplate, int count, CancellationToken ct)
    {
        var sql = sqlTemplate.Replace("{schema}", schema, StringComparison.Ordinal)
            .Replace("{count}", count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 900 })
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return clock.Elapsed;
    }

    /// <summary>
    /// After a bulk load: VACUUM ANALYZE every table of the schema, so that neither stale statistics nor an
    /// autovacuum woken by the load fall inside a measurement, then a CHECKPOINT.
    /// </summary>
    public async Task SettleAsync(string schema, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var list = _dataSource.CreateCommand("select tablename from pg_tables where schemaname = $1 order by tablename"))
        {
            list.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }
        foreach (var table in tables)
        {
            await using var vacuum = _dataSource.CreateCommand($"vacuum (analyze) \"{schema}\".\"{table}\"");
            vacuum.CommandTimeout = 900;
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        await CheckpointAsync(ct);
    }

    /// <summary>Starts a measurement with the same WAL state as the others; a user without the right just skips it.</summary>
    public async Task CheckpointAsync(CancellationToken ct)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("checkpoint");
            command.CommandTimeout = 900;
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
        }
    }

    public async Task DropSchemaAsync(string schema)
    {
        await using var command = _dataSource.CreateCommand($"drop schema if exists \"{schema}\" cascade");
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return Convert.ToString(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) ?? "";
    }
}
