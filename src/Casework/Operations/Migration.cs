using Casework.Audit;
using Marten;
using Npgsql;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Persistence.Durability;

namespace Casework.Operations;

/// <summary>
/// The only code that changes the database's shape (ADR 15). Run as the schema's owner (<c>migrate</c>,
/// scripts/run.sh, the test fixtures): Marten's tables and functions, Wolverine's envelope and node tables, the
/// append-only triggers, and the grants that let the service's role use them and no more. The service itself
/// connects as that role, which owns nothing, so it can neither alter, drop nor disable a trigger, and it may
/// only read and add to the events and the access log.
/// </summary>
public static class Migration
{
    public const string OwnerConnectionStringName = "CaseworkOwner";

    /// <summary>The access log before ADR 19 (one row per case read), in a schema migrated before it: kept, append-only, and copied in.</summary>
    public const string LegacyAccessLog = "mt_doc_access_log";

    /// <summary>
    /// As configured: the owner's connection string <c>ConnectionStrings:CaseworkOwner</c>, the schema
    /// <c>Casework:Schema</c>, and the service's role <c>Casework:ServiceRole</c>, by default the user named in
    /// the service's own connection string <c>ConnectionStrings:Casework</c>.
    /// </summary>
    public static Task ApplyAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        var owner = configuration.GetConnectionString(OwnerConnectionStringName);
        if (string.IsNullOrWhiteSpace(owner))
        {
            throw new InvalidOperationException(
                "migrate needs the schema owner's connection: set ConnectionStrings:CaseworkOwner (environment variable ConnectionStrings__CaseworkOwner).");
        }
        var role = configuration["Casework:ServiceRole"]
            ?? new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Casework") ?? "").Username
            ?? throw new InvalidOperationException(
                "migrate needs the service's role: set Casework:ServiceRole, or a Username in ConnectionStrings:Casework.");
        return ApplyAsync(owner, configuration["Casework:Schema"] ?? StoreSetup.DefaultSchema, role, ct);
    }

    /// <summary>The service's schema, as the service configures Marten and Wolverine, owned by the user of <paramref name="ownerConnectionString"/>.</summary>
    public static async Task ApplyAsync(string ownerConnectionString, string schema, string serviceRole, CancellationToken ct = default)
    {
        await using var dataSource = StoreSetup.DataSource(ownerConnectionString);
        // Wolverine builds its message store from Marten's (its tables go in Marten's schema): a host that is built,
        // never started, is the supported way to reach it.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMarten(options => StoreSetup.Configure(options, dataSource, schema)).IntegrateWithWolverine();
        builder.UseWolverine(options => options.ApplicationAssembly = typeof(Migration).Assembly);
        using var host = builder.Build();
        await ApplyAsync(host.Services.GetRequiredService<IDocumentStore>(), dataSource, serviceRole, host.Services.GetRequiredService<IMessageStore>(), ct);
    }

    /// <summary>
    /// <paramref name="store"/>'s schema (configured with <see cref="StoreSetup.Configure"/>, perhaps with more
    /// document types, as the daemon tests' store is) on <paramref name="ownerDataSource"/>, and Wolverine's tables when given its store.
    /// </summary>
    public static async Task ApplyAsync(IDocumentStore store, NpgsqlDataSource ownerDataSource, string serviceRole, IMessageStore? messages = null,
        CancellationToken ct = default)
    {
        var schema = store.Options.DatabaseSchemaName;
        // A role name goes into GRANT as an identifier (it cannot be a parameter): a plain one only, like the schema's.
        if (!System.Text.RegularExpressions.Regex.IsMatch(serviceRole, "^[a-z_][a-z0-9_]{0,62}$"))
        {
            throw new InvalidOperationException("Casework:ServiceRole must be a plain lower-case identifier.");
        }
        await RefuseAPowerfulServiceRoleAsync(ownerDataSource, serviceRole, ct);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await FillManagesCasesAsync(store, ownerDataSource, schema, ct);
        if (messages is not null)
        {
            await messages.Admin.MigrateAsync();
            await DropRedundantEnvelopeIndexAsync(ownerDataSource, schema, ct);
        }
        await CopyLegacyAccessLogAsync(ownerDataSource, schema, ct);
        await SealChain.CreateTableAsync(ownerDataSource, schema, ct);
        await AppendOnly.ApplyAsync(ownerDataSource, schema);
        await GrantAsync(ownerDataSource, schema, serviceRole, ct);
    }

    /// <summary>
    /// People stored before the directory said who manages cases (the column alerts find their recipients by role through)
    /// are stored again, so that the column is what their document says and no alert by role misses them after an upgrade.
    /// Nothing else of them changes; once every row has it, this finds none.
    /// </summary>
    private static async Task FillManagesCasesAsync(IDocumentStore store, NpgsqlDataSource ownerDataSource, string schema, CancellationToken ct)
    {
        var missing = new List<(string Tenant, Guid Id)>();
        await using (var command = ownerDataSource.CreateCommand($"select tenant_id, id from {schema}.mt_doc_person where manages_cases is null"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                missing.Add((reader.GetString(0), reader.GetGuid(1)));
            }
        }
        foreach (var school in missing.GroupBy(m => m.Tenant))
        {
            await using var session = store.LightweightSession(school.Key);
            session.Store([.. await session.LoadManyAsync<Directory.Person>(ct, school.Select(m => m.Id))]);
            await session.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// ADR 50 (superseding ADR 46): Wolverine 6.62's own migration indexes its scheduled poll
    /// (<c>idx_wolverine_incoming_envelopes_scheduled</c>, on the due time where the status is Scheduled), so the copy
    /// ADR 46 made of it is dropped: two identical indexes cost every envelope's insert twice and serve no query better.
    /// </summary>
    public const string RedundantScheduledEnvelopeIndex = "wolverine_incoming_scheduled";

    private static async Task DropRedundantEnvelopeIndexAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"drop index if exists {schema}.{RedundantScheduledEnvelopeIndex}");
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// ADR 19: the reads of the access log from before one row per request (one row per case read, in
    /// <see cref="LegacyAccessLog"/>) are copied into today's table once, as one-case rows with their own ids, so the
    /// auditor's route still answers for them. Not the <c>act</c> rows: the events of each action say who acted and
    /// the route shows them. The old table is left as it was (append-only); copying again adds nothing.
    /// </summary>
    private static async Task CopyLegacyAccessLogAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($$"""
            do $do$ begin
              if to_regclass('{{schema}}.{{LegacyAccessLog}}') is not null then
                insert into {{schema}}.mt_doc_{{AccessLog.Table}} (tenant_id, id, data, mt_last_modified, mt_dotnet_type, actor_id, read_at, cases)
                select l.tenant_id, l.id, (l.data - 'what') || jsonb_build_object('cases', jsonb_build_array(substr(l.data->>'what', 6))),
                       l.mt_last_modified, '{{typeof(AccessRead).FullName}}', (l.data->>'actorId')::uuid, (l.data->>'readAt')::timestamptz,
                       array[substr(l.data->>'what', 6)::uuid]
                from {{schema}}.{{LegacyAccessLog}} l
                where l.data->>'what' like '{{AccessLog.CasePrefix}}%' and l.data->>'how' <> '{{AccessLog.How.Act}}'
                on conflict (tenant_id, id) do nothing;
              end if;
            end $do$;
            """);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The service's role may read and write the documents and Marten's and Wolverine's bookkeeping; on the events
    /// the access log and the seals (ADR 33), read and add only; a stream's row (its version), read, add and move on, never delete.
    /// No TRUNCATE anywhere: rebuilding a projection in place is an operator's job, as the owner. Everything is revoked first, so a privilege granted by hand (or by an
    /// older migration) does not survive; one transaction, so the service never sees the gap.
    /// </summary>
    private static async Task GrantAsync(NpgsqlDataSource dataSource, string schema, string role, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var grant = new NpgsqlCommand($"""
            revoke all on all tables in schema {schema} from {role};
            revoke all on all sequences in schema {schema} from {role};
            revoke all on all functions in schema {schema} from {role};
            revoke all on schema {schema} from {role};
            grant usage on schema {schema} to {role};
            grant select, insert, update, delete on all tables in schema {schema} to {role};
            revoke update, delete on {schema}.mt_events, {schema}.mt_doc_{AccessLog.Table}, {schema}.{SealChain.Table} from {role};
            revoke delete on {schema}.mt_streams from {role};
            revoke update on {schema}.mt_doc_{StoreSetup.DataKeyTable} from {role};
            grant usage, select on all sequences in schema {schema} to {role};
            grant execute on all functions in schema {schema} to {role};
            do $do$ begin
              if to_regclass('{schema}.{LegacyAccessLog}') is not null then
                revoke insert, update, delete on {schema}.{LegacyAccessLog} from {role};
              end if;
            end $do$;
            """, connection, transaction);
        await grant.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>A service role that is a superuser, or the owner (or a member of it), would make every grant moot.</summary>
    private static async Task RefuseAPowerfulServiceRoleAsync(NpgsqlDataSource dataSource, string role, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "select rolsuper or pg_has_role(oid, current_user, 'MEMBER') from pg_roles where rolname = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        var powerful = await command.ExecuteScalarAsync(ct);
        if (powerful is null)
        {
            throw new InvalidOperationException($"The service's role {role} does not exist: create it (LOGIN, nothing else) before migrating.");
        }
        if ((bool)powerful)
        {
            throw new InvalidOperationException(
                $"The service's role {role} is a superuser, or the schema's owner or a member of it: it must be a role of its own that owns nothing.");
        }
    }
}
