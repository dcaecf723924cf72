using Npgsql;
using NpgsqlTypes;

namespace Casework.EventStore;

public sealed record ProjectionColumn(string Name, NpgsqlDbType Type);

/// <summary>A projection table. Its first two columns are <c>tenant_id</c> and <c>stream_id</c>; a migration creates it.</summary>
public sealed record ProjectionTable(string Name, IReadOnlyList<ProjectionColumn> Columns);

/// <summary>
/// A projection whose rows are keyed by one stream (a case view, that case's register rows, its timeline):
/// the rows are a pure function of the stream's events. Inline, the store replaces a stream's rows in the
/// append's transaction; a rebuild calls the same function for every stream.
/// </summary>
public interface IStreamProjection
{
    ProjectionTable Table { get; }

    /// <summary>The rows for one stream, values in column order; none when the projection ignores the stream.</summary>
    IEnumerable<object?[]> Project(IReadOnlyList<RecordedEvent> stream);
}

internal static class ProjectionWriter
{
    public static async Task ReplaceStreamRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, IStreamProjection projection, string table,
        string tenantId, string streamId, IReadOnlyList<RecordedEvent> stream, CancellationToken ct)
    {
        await using (var delete = new NpgsqlCommand($"delete from {Identifier(table)} where tenant_id = @tenant and stream_id = @stream", connection, tx))
        {
            delete.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            delete.Parameters.Add(new NpgsqlParameter<string>("stream", streamId));
            await delete.ExecuteNonQueryAsync(ct);
        }

        var rows = projection.Project(stream).ToList();
        if (rows.Count > 0)
        {
            await using var copy = await BeginCopyAsync(connection, projection.Table, table, ct);
            await WriteRowsAsync(copy, projection.Table, rows, ct);
            await copy.CompleteAsync(ct);
        }
    }

    public static Task<NpgsqlBinaryImporter> BeginCopyAsync(NpgsqlConnection connection, ProjectionTable definition, string table, CancellationToken ct) =>
        connection.BeginBinaryImportAsync(
            $"copy {Identifier(table)} ({string.Join(", ", definition.Columns.Select(c => Identifier(c.Name)))}) from stdin (format binary)", ct);

    public static async Task<long> WriteRowsAsync(NpgsqlBinaryImporter copy, ProjectionTable definition, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        long count = 0;
        foreach (var row in rows)
        {
            if (row.Length != definition.Columns.Count)
            {
                throw new InvalidOperationException($"Projection {definition.Name} produced a row of {row.Length} values for {definition.Columns.Count} columns.");
            }
            await copy.StartRowAsync(ct);
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is null)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(row[i], definition.Columns[i].Type, ct);
                }
            }
            count++;
        }
        return count;
    }

    public static string Identifier(string name) =>
        StoreDataSource.IsIdentifier(name) ? name : throw new InvalidOperationException($"'{name}' is not a plain identifier.");
}
