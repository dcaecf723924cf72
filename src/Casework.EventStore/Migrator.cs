using System.Reflection;
using Npgsql;

namespace Casework.EventStore;

/// <summary>
/// Applies numbered SQL migrations (embedded resources named <c>NNNN_name.sql</c>) in order, once each,
/// recording them in <c>schema_migrations</c>. An advisory lock makes two processes starting at once safe:
/// the second waits, then finds nothing left to apply.
/// </summary>
public static class Migrator
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static async Task<IReadOnlyList<Migration>> ApplyAsync(
        NpgsqlDataSource dataSource, IEnumerable<Assembly> sources, CancellationToken ct = default)
    {
        var migrations = Discover(sources);
        var schema = StoreDataSource.SchemaOf(dataSource);
        if (!StoreDataSource.IsIdentifier(schema))
        {
            throw new InvalidOperationException("The store's schema name is not a plain identifier.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // A migration may take longer than any request should; the pool resets this on return.
        await Execute(connection, "set statement_timeout = 0", ct);
        // A session lock taken before the transaction begins: a transaction that waited for a lock
        // inside itself could still hold catalog caches from before the other process's commit.
        await Execute(connection, "select pg_advisory_lock(3, hashtext(@schema))", ct, ("schema", schema));
        try
        {
            return await ApplyPendingAsync(connection, schema, migrations, ct);
        }
        finally
        {
            await Execute(connection, "select pg_advisory_unlock(3, hashtext(@schema))", CancellationToken.None, ("schema", schema));
        }
    }

    private static async Task<IReadOnlyList<Migration>> ApplyPendingAsync(
        NpgsqlConnection connection, string schema, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Execute(connection, $"create schema if not exists {schema}", ct);
        await Execute(connection, """
            create table if not exists schema_migrations (
                version    integer primary key,
                name       text not null,
                applied_at timestamptz not null default now())
            """, ct);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("select version from schema_migrations", connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var pending = migrations.Where(m => !applied.Contains(m.Version)).ToList();
        foreach (var migration in pending)
        {
            await Execute(connection, migration.Sql, ct);
            await Execute(connection, "insert into schema_migrations (version, name) values (@version, @name)", ct,
                ("version", migration.Version), ("name", migration.Name));
        }

        await tx.CommitAsync(ct);
        // Types created by a migration (xid8 columns, functions) must be visible to pooled connections.
        if (pending.Count > 0)
        {
            await connection.ReloadTypesAsync(ct);
        }
        return pending;
    }

    /// <summary>
    /// Refuses to run on a cluster whose transaction ids are behind the stored ones, as after a logical dump
    /// and restore into a new cluster: the feed would skip every new event and appends would fail their
    /// order guard. docs/adr/0003 gives the restore procedure.
    /// </summary>
    public static async Task EnsureTransactionIdsAheadAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "select pg_current_xact_id() > greatest(coalesce((select max(tx_id) from events), '0'), coalesce((select max(last_tx) from streams), '0'))");
        if (await command.ExecuteScalarAsync(ct) is false)
        {
            throw new InvalidOperationException(
                "This cluster's transaction ids are behind those stored with the events (a logical restore?). " +
                "Advance the transaction id epoch before starting: see docs/adr/0003-commit-safe-global-feed.md.");
        }
    }

    /// <summary>The store's own migrations; a service adds its assembly for its projection tables.</summary>
    public static Assembly StoreMigrations => typeof(Migrator).Assembly;

    internal static IReadOnlyList<Migration> Discover(IEnumerable<Assembly> sources)
    {
        var migrations = new List<Migration>();
        foreach (var assembly in sources.Distinct())
        {
            foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)))
            {
                // Resource names look like "Assembly.Migrations.0001_events.sql".
                var file = resource[..^4];
                file = file[(file.LastIndexOf('.') + 1)..];
                var separator = file.IndexOf('_');
                if (separator <= 0 || !int.TryParse(file[..separator], out var version))
                {
                    throw new InvalidOperationException($"Migration {resource} is not named NNNN_name.sql.");
                }
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var text = new StreamReader(stream);
                migrations.Add(new Migration(version, file, text.ReadToEnd()));
            }
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }
        return migrations.OrderBy(m => m.Version).ToList();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}
