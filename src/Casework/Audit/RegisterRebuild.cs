using System.Diagnostics;
using Casework.Cases;
using Casework.Directory;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Casework.Audit;

/// <summary>What a rebuild did: the events it folded, the documents it wrote, and where the time went.</summary>
public sealed record RebuildCounts(long Events, int Cases, int People, TimeSpan ReadAndFold, TimeSpan Write);

/// <summary>
/// The registers rebuilt at the store's speed (ADR 21): the events read once, in sequence order, folded with the same
/// <see cref="CaseRecord.Fold"/> and <see cref="Person.Fold"/> the inline projections apply on every append (so a
/// rebuild equals the live documents by construction), and the documents written with Marten's bulk insert (COPY),
/// one tenant at a time. Marten's daemon instead upserts each document row by row. It replaces the tenants' rows, so
/// it is meant for a store no one is appending to: the replay's fresh schema, or a store taken offline.
/// The folded documents are held in memory until written: about 500,000 case documents for a 1M-event store, which
/// fits on the machines we run on; a store ten times that size would want the write streamed per stream's end.
/// </summary>
public static class RegisterRebuild
{
    // The inline projections this rebuild stands in for. Another one registered (an async projection, say) is not
    // rebuilt here, so the rebuild refuses to run rather than leave a register out.
    private static readonly Type[] Covered = [typeof(CaseRecordProjection), typeof(PersonProjection)];

    // Event type name to (type, which fold): the same declarations the projections make (IncludeType of each list).
    private static readonly Dictionary<string, (Type Type, bool IsCase)> Folded =
        EventCatalog.Cases.Select(e => (e.Name, (e.Type, true)))
            .Concat(EventCatalog.Directory.Select(e => (e.Name, (e.Type, false))))
            .ToDictionary(e => e.Name, e => e.Item2);

    private static readonly string[] FoldedNames = [.. Folded.Keys];

    /// <summary>Rebuilds the case register and the directory of the given tenants (every tenant when null).</summary>
    public static async Task<RebuildCounts> RunAsync(IDocumentStore store, IReadOnlyList<string>? tenants, CancellationToken ct)
    {
        var registered = ((StoreOptions)store.Options).Projections.All.Select(p => p.GetType()).ToList();
        var uncovered = registered.Except(Covered).ToList();
        if (uncovered.Count > 0 || registered.Count != Covered.Length)
        {
            throw new InvalidOperationException(
                $"The register rebuild covers {string.Join(", ", Covered.Select(t => t.Name))} only; registered: {string.Join(", ", registered.Select(t => t.Name))}.");
        }

        var clock = Stopwatch.StartNew();
        var cases = new Dictionary<(string Tenant, Guid Id), CaseRecord?>();
        var people = new Dictionary<(string Tenant, Guid Id), Person?>();
        var serializer = store.Options.Serializer();
        var schema = Quote(store.Options.DatabaseSchemaName);
        long events = 0;
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            // Sequence order, as the daemon reads them; only the types the projections declare are deserialized.
            await using var command = new NpgsqlCommand(
                $"select tenant_id, stream_id, version, type, data from {schema}.mt_events " +
                "where not is_archived and type = any($1) and ($2::text[] is null or tenant_id = any($2)) order by seq_id", connection)
            {
                CommandTimeout = 0,
            };
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = FoldedNames });
            command.Parameters.Add(Tenants(tenants));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetString(0), reader.GetGuid(1));
                var version = reader.GetInt64(2);
                var (type, isCase) = Folded[reader.GetString(3)];
                var data = serializer.FromJson(type, reader, 4);
                if (isCase)
                {
                    cases[key] = CaseRecord.Fold(cases.GetValueOrDefault(key), key.Item2, version, data);
                }
                else
                {
                    people[key] = Person.Fold(people.GetValueOrDefault(key), key.Item2, version, data);
                }
                events++;
            }
        }
        var readAndFold = clock.Elapsed;

        await using var writer = store.Storage.Database.CreateConnection();
        await writer.OpenAsync(ct);
        var tables = new[] { typeof(CaseRecord), typeof(Person) }
            .Select(type => Quote(((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(type).TableName.Name)).ToList();
        // The tenants' rows go first, so a document no event makes any more is gone and COPY never meets a key.
        // Every tenant rebuilt: the tables are emptied and their secondary indexes built once after the COPY (a sort
        // per index) instead of one insert into each per row, which on the case register's GIN indexes is most of a write.
        // The store checks each document's tables the first time it writes one: done now, before any index is dropped,
        // so that the bulk insert of a store not used before does not make them again ahead of the statements below.
        foreach (var type in new[] { typeof(CaseRecord), typeof(Person) })
        {
            await store.Storage.Database.EnsureStorageExistsAsync(type, ct);
        }
        var indexes = tenants is null ? await EmptyAsync(writer, schema, tables, ct) : [];
        foreach (var table in tenants is null ? [] : tables)
        {
            await ExecuteAsync(writer, $"delete from {schema}.{table} where tenant_id = any($1)", ct, Tenants(tenants));
        }
        int caseCount, personCount;
        try
        {
            caseCount = await WriteAsync(store, cases, ct);
            personCount = await WriteAsync(store, people, ct);
        }
        finally
        {
            foreach (var index in indexes)
            {
                await ExecuteAsync(writer, index, CancellationToken.None);
            }
        }
        return new RebuildCounts(events, caseCount, personCount, readAndFold, clock.Elapsed - readAndFold);
    }

    // Truncates the tables and drops their secondary indexes (neither primary nor unique), returning the statements that make them again.
    private static async Task<List<string>> EmptyAsync(NpgsqlConnection connection, string schema, IReadOnlyList<string> tables, CancellationToken ct)
    {
        var indexes = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand("""
            select quote_ident(x.relname), pg_get_indexdef(i.indexrelid) from pg_index i
            join pg_class x on x.oid = i.indexrelid join pg_namespace n on n.oid = x.relnamespace
            where i.indrelid = any(array[$1::regclass, $2::regclass]) and not i.indisprimary and not i.indisunique
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = $"{schema}.{tables[0]}" });
            command.Parameters.Add(new NpgsqlParameter { Value = $"{schema}.{tables[1]}" });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, $"truncate {string.Join(", ", tables.Select(t => $"{schema}.{t}"))}", ct);
        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"drop index {schema}.{name}", ct);
        }
        await transaction.CommitAsync(ct);
        return [.. indexes.Select(i => i.Definition)];
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> WriteAsync<T>(IDocumentStore store, Dictionary<(string Tenant, Guid Id), T?> folded, CancellationToken ct) where T : class
    {
        var written = 0;
        foreach (var tenant in folded.Where(f => f.Value is not null).GroupBy(f => f.Key.Tenant, f => f.Value!))
        {
            var documents = tenant.ToList();
            await store.BulkInsertAsync(tenant.Key, documents, batchSize: 10_000, cancellation: ct);
            written += documents.Count;
        }
        return written;
    }

    private static NpgsqlParameter Tenants(IReadOnlyList<string>? tenants) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)tenants?.ToArray() ?? DBNull.Value };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
