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

    [Fact]
    public async Task Migrate_fills_in_who_manages_cases_for_people_stored_before_the_directory_said_so()
    {
        var schema = TestDatabase.NewSchema("migrate");
        try
        {
            await TestDatabase.MigrateAsync(schema);
            await using var dataSource = StoreSetup.DataSource(TestDatabase.ConnectionString);
            await using var store = DocumentStore.For(marten => StoreSetup.Configure(marten, dataSource, schema));
            var (dsl, teacher) = (Guid.NewGuid(), Guid.NewGuid());
            await using (var session = store.LightweightSession("school"))
            {
                session.Events.StartStream<Casework.Directory.Person>(dsl, new Casework.Directory.StaffMemberAdded(dsl, "Dee Lead", [Casework.Cases.Role.Dsl]));
                session.Events.StartStream<Casework.Directory.Person>(teacher, new Casework.Directory.StaffMemberAdded(teacher, "Tam Teacher", [Casework.Cases.Role.Staff]));
                await session.SaveChangesAsync();
            }
            // As a row written before the column existed holds it.
            await using (var blank = dataSource.CreateCommand($"update {schema}.mt_doc_person set manages_cases = null"))
            {
                await blank.ExecuteNonQueryAsync();
            }

            await TestDatabase.MigrateAsync(schema);

            await using var read = dataSource.CreateCommand($"select id, manages_cases from {schema}.mt_doc_person order by manages_cases");
            await using var rows = await read.ExecuteReaderAsync();
            var found = new List<(Guid, bool?)>();
            while (await rows.ReadAsync())
            {
                found.Add((rows.GetGuid(0), rows.IsDBNull(1) ? null : rows.GetBoolean(1)));
            }
            Assert.Equal([(teacher, (bool?)false), (dsl, true)], found);
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }
}
