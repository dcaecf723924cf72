using Npgsql;

namespace Casework.EventStore;

/// <summary>Builds the pooled data source every part of the store uses: one schema on the search path, statement timeouts.</summary>
public static class StoreDataSource
{
    public const string DefaultSchema = "casework";

    public static NpgsqlDataSource Create(string connectionString, string schema = DefaultSchema)
    {
        if (!IsIdentifier(schema))
        {
            throw new ArgumentException("A schema name is lower-case letters, digits and underscores.", nameof(schema));
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.SearchPath = schema;
        // A runaway statement must not hold stream locks for ever; a writer left idle in a
        // transaction must not stall the global feed (EVENT-STORE.md section 3).
        builder.ConnectionStringBuilder.Options =
            $"{builder.ConnectionStringBuilder.Options} -c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000".Trim();
        builder.ConnectionStringBuilder.ApplicationName ??= "casework";
        // The store sends the same few statements all day: prepare them once per connection.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }
        return builder.Build();
    }

    public static string SchemaOf(NpgsqlDataSource dataSource) =>
        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).SearchPath ?? DefaultSchema;

    internal static bool IsIdentifier(string name) =>
        name.Length is > 0 and < 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') && !char.IsDigit(name[0]);
}
