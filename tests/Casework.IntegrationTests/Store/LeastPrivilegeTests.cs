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
        // The chain's seals (ADR 33): read and added to, never changed.
        "update casework_seal set chain_hash = chain_hash",
        "delete from casework_seal",
        "truncate casework_seal",
        "alter table casework_seal disable trigger casework_seal_append_only",
        "drop table casework_seal",
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

    [Fact]
    public async Task Migrate_copies_the_reads_of_the_old_one_row_per_case_access_log_once_and_keeps_that_table_append_only_ADR_19()
    {
        var schema = TestDatabase.NewSchema("legacy");
        var (viewed, acted, reader) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var owner = NpgsqlDataSource.Create(TestDatabase.ConnectionString + ";Search Path=" + schema);
        async Task<object?> Owner(string sql)
        {
            await using var command = owner.CreateCommand(sql);
            return await command.ExecuteScalarAsync();
        }
        try
        {
            // The table as Marten made it for the old AccessRead (alias access_log), with a read and an action's row.
            await Owner($$"""
                create schema {{schema}};
                create table {{schema}}.mt_doc_access_log (tenant_id varchar not null default '*DEFAULT*', id uuid not null, data jsonb not null,
                  mt_last_modified timestamptz default transaction_timestamp(), mt_version uuid not null default gen_random_uuid(),
                  mt_dotnet_type varchar, primary key (tenant_id, id));
                insert into {{schema}}.mt_doc_access_log (tenant_id, id, data, mt_dotnet_type) values
                  ('school', gen_random_uuid(), '{"id": "00000000-0000-0000-0000-000000000001", "actorId": "{{reader}}", "actorRoles": ["dsl"],
                    "readAt": "2025-01-02T03:04:05.123456+00:00", "what": "case/{{viewed}}", "how": "view", "asOf": null, "traceId": "t1"}', 'Casework.Audit.AccessRead'),
                  ('school', gen_random_uuid(), '{"id": "00000000-0000-0000-0000-000000000002", "actorId": "{{reader}}", "actorRoles": ["dsl"],
                    "readAt": "2025-01-02T03:04:06+00:00", "what": "case/{{acted}}", "how": "act", "asOf": null, "traceId": "t2"}', 'Casework.Audit.AccessRead');
                """);

            await TestDatabase.MigrateAsync(schema);
            await TestDatabase.MigrateAsync(schema);

            Assert.Equal(1L, await Owner($"select count(*) from {schema}.mt_doc_case_reads"));
            Assert.Equal($"{reader}|view|{{{viewed}}}|t1|2025-01-02 03:04:05.123456+00|0", await Owner(
                $"select concat_ws('|', actor_id, data->>'how', cases, data->>'traceId', read_at at time zone 'utc' || '+00', jsonb_array_length(data->'cases') - 1) " +
                $"from {schema}.mt_doc_case_reads where tenant_id = 'school' and cases @> array['{viewed}'::uuid] and not data ? 'what'"));
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Owner($"update {schema}.mt_doc_access_log set data = data"));
            Assert.Equal("CW003", refused.SqlState);
            await using var service = new NpgsqlConnection(
                new NpgsqlConnectionStringBuilder(TestDatabase.ServiceConnectionString) { SearchPath = schema }.ConnectionString);
            await service.OpenAsync();
            await using var insert = new NpgsqlCommand("insert into mt_doc_access_log (id, data) values (gen_random_uuid(), '{}')", service);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync())).SqlState);
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }
}
