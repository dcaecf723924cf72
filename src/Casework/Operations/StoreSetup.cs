using Casework.Audit;
using Casework.Cases;
using Casework.Directory;
using Casework.Http;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Storage;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;
using Wolverine.Marten;

namespace Casework.Operations;

/// <summary>
/// Marten on PostgreSQL, configured as EVENT-STORE.md sections 1-3 say: conjoined tenancy, a Guid stream per
/// case and per person, declared stream types, stable event names from <see cref="EventCatalog"/>, metadata,
/// unique event ids, Quick append, inline projections for the case register and the directory, and events
/// and the access log that cannot be changed or deleted.
/// </summary>
public static class StoreSetup
{
    public const string DefaultSchema = "casework";

    public static WebApplicationBuilder AddCaseworkStore(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Casework");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No database configured: set ConnectionStrings:Casework (environment variable ConnectionStrings__Casework), " +
                "or start the service with scripts/run.sh, which provisions a local PostgreSQL and migrates it.");
        }
        var schema = builder.Configuration["Casework:Schema"] ?? DefaultSchema;
        var dataSource = DataSource(connectionString);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddMarten(options =>
        {
            Configure(options, dataSource, schema);
            // The service's role may not change the schema (ADR 15): `migrate` does, as the owner, beforehand.
            options.AutoCreateSchemaObjects = AutoCreate.None;
        }).UseLightweightSessions().IntegrateWithWolverine();
        return builder;
    }

    /// <summary>
    /// Npgsql with auto-prepare (it roughly doubles the append rate) and an idle-in-transaction timeout, so a
    /// transaction left open cannot hold back the async daemon's high-water mark for ever.
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 100;
            settings.AutoPrepareMinUsages = 2;
        }
        settings.Options = $"{settings.Options} -c idle_in_transaction_session_timeout=60000".Trim();
        return new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
    }

    public static void Configure(StoreOptions options, NpgsqlDataSource dataSource, string schema)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]{0,62}$"))
        {
            throw new InvalidOperationException("Casework:Schema must be a plain lower-case identifier.");
        }
        options.Connection(dataSource);
        options.DatabaseSchemaName = schema;
        // For the stores that own their schema (Migration, the replay's scratch schema); the service's store overrides it.
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        // Our JSON shape for events and documents alike: camelCase, enums as kebab-case strings (ahead of Marten's own).
        // jsonb reorders keys, so the case's kind discriminator may come after the state it names.
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            json.Converters.Insert(0, CaseworkJson.EnumsAsKebabCase());
            json.AllowOutOfOrderMetadataProperties = true;
        });

        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Events.UseMandatoryStreamTypeDeclaration = true;
        options.Events.EnableUniqueIndexOnEventId = true;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.UseIdentityMapForAggregates = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.UserNameEnabled = true;
        foreach (var (name, type) in EventCatalog.All)
        {
            options.Events.MapEventType(type, name);
        }

        options.Projections.Add<CaseRecordProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PersonProjection>(ProjectionLifecycle.Inline);

        options.Schema.For<CaseRecord>().DocumentAlias("case_register")
            .Duplicate(r => r.Kind)
            .Duplicate(r => r.Status)
            .Duplicate(r => r.ManagedBy)
            .Duplicate(r => r.ReportedBy)
            .Duplicate(r => r.ExcludedUser!)
            .Duplicate(r => r.Withheld)
            .Duplicate(r => r.NextDeadline!)
            .Duplicate(r => r.FullRoles, pgType: "text[]")
            .Duplicate(r => r.ExcludingRoles, pgType: "text[]")
            .Duplicate(r => r.ReportedAt)
            .Duplicate(r => r.Registers, pgType: "text[]", configure: index => index.Method = IndexMethod.gin)
            .Duplicate(r => r.Pupils, pgType: "uuid[]", configure: index => index.Method = IndexMethod.gin);
        options.Schema.For<Person>().DocumentAlias("person").Duplicate(p => p.ManagesAllegations);
        // One row per request (ADR 19). The auditor asks who saw a case (`cases @> array[id]`, GIN), what one reader did, and
        // pages by time: columns of a table of their own, so adding them never rewrote an append-only row. The old table,
        // mt_doc_access_log, is kept as it was; Migration copies its rows in.
        options.Schema.For<AccessRead>().DocumentAlias(AccessLog.Table)
            .Duplicate(a => a.ActorId)
            .Duplicate(a => a.ReadAt)
            .Duplicate(a => a.Cases, pgType: "uuid[]", configure: index => index.Method = IndexMethod.gin);
        options.Schema.For<ReportKey>().DocumentAlias("report_key");
    }
}
