using Casework.Audit;
using Casework.Cases;
using Casework.Directory;
using Casework.Http;
using Casework.Registers;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Casework.Alerts;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Schema;
using Marten.Storage;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;
using Wolverine.Marten;

namespace Casework.Operations;

/// <summary>
/// Marten on PostgreSQL, configured as EVENT-STORE.md sections 1-3 say: conjoined tenancy, a Guid stream per
/// case and per person, declared stream types, stable event names from <see cref="EventCatalog"/>, metadata,
/// unique event ids, Quick append stamped by the service's clock, inline projections for the case register and the directory, and events
/// and the access log that cannot be changed or deleted.
/// </summary>
public static class StoreSetup
{
    public const string DefaultSchema = "casework";

    /// <summary>The wrapped data keys (ADR 28): inserted and deleted, never updated.</summary>
    public const string DataKeyTable = "data_key";

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
        builder.Services.AddMarten(services =>
        {
            var options = new StoreOptions();
            Configure(options, dataSource, schema);
            // One clock (ADR 18): events are stamped by the TimeProvider that stamps commands, deadlines and tokens.
            options.Events.TimeProvider = services.GetRequiredService<TimeProvider>();
            // The service's role may not change the schema (ADR 15): `migrate` does, as the owner, beforehand.
            options.AutoCreateSchemaObjects = AutoCreate.None;
            return options;
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
        // Quick append, but stamped with Events.TimeProvider rather than the database's now() (ADR 18). History is
        // ordered by the store's sequence, never by these timestamps.
        options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
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

        // Its columns and indexes: CaseRegisterTable, which Marten calls as it maps the type (CaseRecord.ConfigureMarten).
        options.Schema.For<CaseRecord>().DocumentAlias("case_register");
        // Its columns and indexes: PersonTable, which Marten calls as it maps the type (Person.ConfigureMarten).
        options.Schema.For<Person>().DocumentAlias("person");
        // One row per request (ADR 19). The auditor asks who saw a case (`cases @> array[id]`, GIN), what one reader did, and
        // pages by time: columns of a table of their own, so adding them never rewrote an append-only row. The old table,
        // mt_doc_access_log, is kept as it was; Migration copies its rows in.
        options.Schema.For<AccessRead>().DocumentAlias(AccessLog.Table)
            .Duplicate(a => a.ActorId)
            .Duplicate(a => a.ReadAt)
            .Duplicate(a => a.Cases, pgType: "uuid[]", configure: index => index.Method = IndexMethod.gin);
        options.Schema.For<ReportKey>().DocumentAlias("report_key");
        options.Schema.For<DataKey>().DocumentAlias(DataKeyTable);
        // Whether each alert reached each channel (ADR 37): read by case, and the failed ones by the administrator.
        options.Schema.For<AlertDelivery>().DocumentAlias("alert_delivery").Duplicate(d => d.CaseId).Duplicate(d => d.Failed);
    }

    /// <summary>
    /// The directory's table: a token from the school's provider finds its member of staff by sign-in name (ADR 31); who
    /// manages cases (who routes allegations, R4, and whom alerts address by role) is a column read through a partial index
    /// of its school's few, whatever the size of the school's directory and however many schools share the table.
    /// </summary>
    public static void PersonTable(DocumentMapping<Person> mapping)
    {
        mapping.Index(p => p.Staff!.SignIn);
        mapping.DuplicateField(nameof(Person.ManagesCases));
        mapping.Indexes.Add(new IndexDefinition("mt_doc_person_manages_cases") { Columns = ["tenant_id"], Predicate = "manages_cases" });
    }

    /// <summary>
    /// The case register's table (ADR 20): the columns the queries filter and order on, duplicated from the document
    /// without Marten's btree apiece, and the indexes that fit the queries. Each register is read in one range scan of
    /// its own partial index, leading with the tenant and ordered as the register is, from the cursor's sort key; the
    /// sight columns are GIN, which serves <c>&amp;&amp;</c>; a column of a few values (kind, status, manager,
    /// withheld) is a filter on such a scan, never an index of its own. The case list pages on the primary key
    /// (tenant_id, id), a pupil's cases come from the GIN on pupils, and a member of staff's open actions from the GIN on assignees.
    /// </summary>
    public static void CaseRegisterTable(DocumentMapping<CaseRecord> mapping)
    {
        foreach (var member in new[] { nameof(CaseRecord.Kind), nameof(CaseRecord.Status), nameof(CaseRecord.ManagedBy), nameof(CaseRecord.ReportedBy),
                     nameof(CaseRecord.ExcludedUser), nameof(CaseRecord.Withheld), nameof(CaseRecord.NextDeadline), nameof(CaseRecord.ReportedAt) })
        {
            mapping.DuplicateField(member);
        }
        mapping.DuplicateField(nameof(CaseRecord.FullRoles), "text[]");
        mapping.DuplicateField(nameof(CaseRecord.ExcludingRoles), "text[]");
        mapping.DuplicateField(nameof(CaseRecord.Registers), "text[]");
        mapping.DuplicateField(nameof(CaseRecord.Pupils), "uuid[]");
        mapping.DuplicateField(nameof(CaseRecord.Assignees), "uuid[]");
        // Read only by an action's load, through the case's primary key: no index of its own.
        mapping.DuplicateField(nameof(CaseRecord.People), "uuid[]", notNull: false);

        foreach (var tag in CaseRegisters.Tagged)
        {
            mapping.Indexes.Add(new IndexDefinition($"mt_doc_case_register_{tag.Replace('-', '_')}")
            {
                Columns = tag == CaseRegisters.LowLevelConcerns ? ["tenant_id", "excluded_user"] : ["tenant_id", "reported_at", "id"],
                Predicate = CaseRegisters.ListedIn(tag),
            });
        }
        mapping.Indexes.Add(new IndexDefinition("mt_doc_case_register_overdue")
        {
            Columns = ["tenant_id", "next_deadline", "id"],
            Predicate = "next_deadline IS NOT NULL",
        });
        // Who is excluded (Sight): the allegations about a person, and those a headteacher is kept from.
        mapping.Indexes.Add(new IndexDefinition("mt_doc_case_register_excluded_user") { Columns = ["tenant_id", "excluded_user"] });
        mapping.Indexes.Add(new IndexDefinition("mt_doc_case_register_reported_by") { Columns = ["tenant_id", "reported_by"] });
        foreach (var column in new[] { "full_roles", "excluding_roles", "pupils", "assignees" })
        {
            mapping.Indexes.Add(new IndexDefinition($"mt_doc_case_register_{column}") { Columns = [column], Method = IndexMethod.gin });
        }
    }
}
