using Casework.IntegrationTests.Api;
using Casework.Operations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Casework.IntegrationTests.Store;

/// <summary>
/// ADR 15, least privilege: the service connects as a role that owns nothing. It can read, add events and
/// access-log rows, and write documents and Marten's and Wolverine's bookkeeping (the whole API suite runs as
/// it), but it cannot alter or drop a table, disable or replace a trigger, create anything in the schema, or
/// update, delete or truncate the events or the access log: PostgreSQL refuses before any trigger is asked.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class LeastPrivilegeTests(ApiFixture api)
{
    public static TheoryData<string> Refused =>
    [
        "alter table mt_events add column rewritten text",
        "alter table mt_doc_case_register add column rewritten text",
        "alter table mt_events disable trigger casework_events_append_only",
        "alter table mt_events disable trigger all",
        "alter table mt_doc_case_reads disable trigger casework_access_log_append_only",
        "drop trigger casework_events_append_only on mt_events",
        "create or replace function casework_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$",
        "update mt_events set type = type",
        "delete from mt_events",
        "truncate mt_events",
        "update mt_doc_case_reads set data = data",
        "delete from mt_doc_case_reads",
        "truncate mt_doc_case_reads",
        "delete from mt_streams",
        "truncate mt_doc_case_register",
        "drop table mt_events",
        "drop table mt_doc_case_register",
        "create table intruder (id int)",
        "alter table mt_events owner to current_user",
    ];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_service_role_is_refused_each_statement_that_could_rewrite_history_or_the_schema(string sql)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(TestDatabase.ServiceConnectionString) { SearchPath = api.Schema }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task The_service_connects_as_a_role_that_is_no_superuser_and_owns_nothing_in_its_schema()
    {
        await using var command = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            select current_user::text, (select rolsuper from pg_roles where rolname = current_user),
              (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and pg_has_role(c.relowner, 'MEMBER'))
              + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1 and pg_has_role(p.proowner, 'MEMBER'))
              + (select count(*) from pg_namespace where nspname = $1 and pg_has_role(nspowner, 'MEMBER'))
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = api.Schema });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(TestDatabase.ServiceRole, reader.GetString(0));
        Assert.False(reader.GetBoolean(1));
        Assert.Equal(0L, reader.GetInt64(2));
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("owner")]
    public async Task Migrate_refuses_a_service_role_that_is_a_superuser_or_the_owner(string which)
    {
        var schema = TestDatabase.NewSchema("migrate");
        await using var owner = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        await using var find = owner.CreateCommand(which == "owner" ? "select current_user::text" : "select rolname::text from pg_roles where rolsuper limit 1");
        var name = (string)(await find.ExecuteScalarAsync())!;
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Migration.ApplyAsync(TestDatabase.ConnectionString, schema, name));

            Assert.Contains("owns nothing", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }
}
