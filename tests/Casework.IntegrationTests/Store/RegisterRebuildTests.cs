using Casework.Audit;
using Casework.Cases;
using Casework.Directory;
using Casework.Operations;
using Marten;
using Microsoft.Extensions.Configuration;
using static Casework.IntegrationTests.Store.DaemonTestKit;

namespace Casework.IntegrationTests.Store;

/// <summary>
/// ADR 21: the bulk register rebuild writes exactly what the inline projections wrote (the same folds), only for the
/// schools named, and refuses a store with a projection it does not fold.
/// </summary>
public sealed class RegisterRebuildTests
{
    private const string OtherTenant = "hartley";

    [Fact]
    public async Task A_rebuild_of_one_school_writes_what_the_inline_projections_wrote_and_leaves_other_schools_alone()
    {
        await InFreshSchemaAsync(async (store, dataSource, schema) =>
        {
            for (var i = 0; i < 3; i++)
            {
                await AppendCaseAsync(store);
            }
            var staff = Guid.NewGuid();
            await using (var session = store.LightweightSession(Tenant))
            {
                session.Events.StartStream<Person>(staff, new StaffMemberAdded(staff, "A. Teacher", [Role.Dsl]),
                    new StaffMemberUpdated(staff, "A. Teacher", [Role.Dsl, Role.Headteacher]));
                await session.SaveChangesAsync();
            }
            var theirs = Guid.NewGuid();
            await using (var session = store.LightweightSession(OtherTenant))
            {
                session.Events.StartStream<CaseRecord>(theirs, ConcernReportedAndTriaged());
                await session.SaveChangesAsync();
            }
            var live = await RowsAsync(dataSource, schema);

            // The registers damaged behind the projections' back: a row gone, a row changed, in both schools.
            await ScalarAsync(dataSource, $"delete from {schema}.mt_doc_person where id = '{staff}'");
            await ScalarAsync(dataSource, $"update {schema}.mt_doc_case_register set data = jsonb_set(data, '{{version}}', '999'), status = 'closed'");

            var counts = await RegisterRebuild.RunAsync(store, [Tenant], CancellationToken.None);

            Assert.Equal((8L, 3, 1), (counts.Events, counts.Cases, counts.People));
            var rebuilt = await RowsAsync(dataSource, schema);
            Assert.Equal(live.Where(r => r.StartsWith(Tenant, StringComparison.Ordinal)), rebuilt.Where(r => r.StartsWith(Tenant, StringComparison.Ordinal)));
            // The other school was not named: its damaged row stays as it was left.
            var other = Assert.Single(rebuilt, r => r.StartsWith(OtherTenant, StringComparison.Ordinal));
            Assert.Contains("\"status\": \"closed\"", other, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_rebuild_of_every_school_writes_what_the_inline_projections_wrote_and_keeps_every_index()
    {
        await InFreshSchemaAsync(async (store, dataSource, schema) =>
        {
            await AppendCaseAsync(store);
            await using (var session = store.LightweightSession(OtherTenant))
            {
                session.Events.StartStream<CaseRecord>(Guid.NewGuid(), ConcernReportedAndTriaged());
                await session.SaveChangesAsync();
            }
            var live = await RowsAsync(dataSource, schema);
            var indexes = await IndexesAsync(dataSource, schema);
            await ScalarAsync(dataSource, $"update {schema}.mt_doc_case_register set data = jsonb_set(data, '{{version}}', '999')");

            var counts = await RegisterRebuild.RunAsync(store, null, CancellationToken.None);

            Assert.Equal((4L, 2), (counts.Events, counts.Cases));
            Assert.Equal(live, await RowsAsync(dataSource, schema));
            // The secondary indexes dropped for the COPY are all made again, as they were.
            Assert.Equal(indexes, await IndexesAsync(dataSource, schema));
            Assert.Contains(indexes, i => i.Contains("USING gin", StringComparison.Ordinal));
        });
    }

    // A schema of its own, migrated, dropped afterwards.
    [Fact]
    public async Task ADR_48_rebuild_registers_rebuilds_in_place_as_the_schemas_owner_so_a_parents_breach_written_before_names_its_pupils()
    {
        await InFreshSchemaAsync(async (store, dataSource, schema) =>
        {
            var (breach, pupil) = (Guid.NewGuid(), Guid.NewGuid());
            await using (var session = store.LightweightSession(Tenant))
            {
                session.Events.StartStream<CaseRecord>(breach, new ParentBreaches.ParentBreachReported(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), [pupil],
                    "Facebook", null, "A post about a teacher.", [], null, DateTimeOffset.UtcNow.AddHours(-1)));
                await session.SaveChangesAsync();
            }
            await AppendCaseAsync(store);
            var live = await RowsAsync(dataSource, schema);
            // The document as a version that kept no pupils for a parent's breach wrote it.
            await ScalarAsync(dataSource, $"update {schema}.mt_doc_case_register set pupils = '{{}}', data = jsonb_set(data, '{{version}}', '999') where id = '{breach}'");

            var counts = await RebuildRegistersCommand.RebuildInPlaceAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:CaseworkOwner"] = TestDatabase.ConnectionString,
                ["Casework:Schema"] = schema,
            }).Build(), CancellationToken.None);

            Assert.Equal(2, counts.Cases);
            Assert.Equal(live, await RowsAsync(dataSource, schema));
            Assert.Equal(1, await ScalarAsync(dataSource, $"select count(*) from {schema}.mt_doc_case_register where pupils @> array['{pupil}']::uuid[]"));
        });
    }

    [Fact]
    public async Task ADR_48_rebuild_registers_without_the_owners_connection_is_refused_naming_the_setting()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => RebuildRegistersCommand.RebuildInPlaceAsync(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Casework:Schema"] = "anything" }).Build(), CancellationToken.None));

        Assert.Contains("ConnectionStrings:CaseworkOwner", refused.Message, StringComparison.Ordinal);
    }

    private static async Task InFreshSchemaAsync(Func<DocumentStore, Npgsql.NpgsqlDataSource, string, Task> test)
    {
        var schema = TestDatabase.NewSchema("rebuild");
        await using var dataSource = StoreSetup.DataSource(TestDatabase.ConnectionString);
        try
        {
            await using var store = DocumentStore.For(o => StoreSetup.Configure(o, dataSource, schema));
            await MigrateAsync(store, dataSource);
            await test(store, dataSource, schema);
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }

    private static Task<List<string>> IndexesAsync(Npgsql.NpgsqlDataSource dataSource, string schema) =>
        ListAsync<string>(dataSource, $"select indexdef from pg_indexes where schemaname = '{schema}' order by indexname");

    [Fact]
    public async Task A_rebuild_refuses_a_store_with_a_projection_it_does_not_fold()
    {
        await using var dataSource = StoreSetup.DataSource(TestDatabase.ConnectionString);
        await using var store = DocumentStore.For(o => Configure(o, dataSource, TestDatabase.NewSchema("rebuild"), "solo"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => RegisterRebuild.RunAsync(store, null, CancellationToken.None));

        Assert.Contains(nameof(SeenEventsProjection), refused.Message, StringComparison.Ordinal);
    }

    // Each register row as tenant, table and every column but Marten's own metadata (the JSON and its searchable copies).
    private static async Task<List<string>> RowsAsync(Npgsql.NpgsqlDataSource dataSource, string schema)
    {
        var rows = new List<string>();
        foreach (var table in new[] { "mt_doc_case_register", "mt_doc_person" })
        {
            rows.AddRange(await ListAsync<string>(dataSource, $"""
                select t.tenant_id || ' {table} ' || (select jsonb_object_agg(key, value) from jsonb_each(to_jsonb(t)) where key not like 'mt\_%')::text
                from {schema}.{table} t order by t.tenant_id, t.id
                """));
        }
        return rows;
    }
}
