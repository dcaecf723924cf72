using Casework.Operations;
using Marten;

namespace Casework.IntegrationTests.Store;

/// <summary>`migrate` (ADR 15) is safe to run at every start and upgrade: once applied, the schema is what the configuration says.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Migrate_leaves_nothing_to_change_and_running_it_again_changes_nothing()
    {
        var schema = TestDatabase.NewSchema("migrate");
        try
        {
            await TestDatabase.MigrateAsync(schema);
            await TestDatabase.MigrateAsync(schema);

            await using var dataSource = StoreSetup.DataSource(TestDatabase.ConnectionString);
            await using var store = DocumentStore.For(marten => StoreSetup.Configure(marten, dataSource, schema));
            // Throws, listing the DDL it would run, when a table, column, index or function differs from the configuration
            // (an index whose predicate PostgreSQL rewrites would be dropped and made again at every migrate).
            await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }
}
