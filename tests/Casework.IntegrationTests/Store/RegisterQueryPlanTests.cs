using System.Text.Json;
using Casework.Auth;
using Casework.Cases;
using Casework.Concerns;
using Casework.Http;
using Casework.Operations;
using Casework.Registers;
using Marten;
using Marten.Linq;
using Npgsql;
using Xunit.Abstractions;

namespace Casework.IntegrationTests.Store;

/// <summary>A school of 3,000 cases in a schema of its own, filled through Marten as the service writes them, and analysed.</summary>
public sealed class PlannedSchool : IAsyncLifetime
{
    public const string Tenant = "plans";
    public const int Cases = 3_000;
    public static readonly Guid Teacher = Guid.Parse("a0000000-0000-4000-8000-000000000005");
    private readonly string _schema = TestDatabase.NewSchema("plans");
    private NpgsqlDataSource? _dataSource;

    public DocumentStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.MigrateAsync(_schema);
        _dataSource = StoreSetup.DataSource(TestDatabase.ServiceConnectionString);
        Store = DocumentStore.For(marten =>
        {
            StoreSetup.Configure(marten, _dataSource, _schema);
            marten.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
        });
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < Cases; start += 500)
        {
            await using var session = Store.LightweightSession(Tenant);
            for (var n = start; n < start + 500; n++)
            {
                // One in ten untriaged (the DSL's queue; those older than a day overdue), one in five referred to social
                // care, one in seven to the police, one in nine with a removal request, one in eleven closed.
                var at = now.AddMinutes(-(Cases - n) * 20.0);
                var events = new List<object>
                {
                    new ConcernReported(Teacher, at, [new PupilInvolved(Guid.CreateVersion7(), PupilRole.Victim)], ConcernCategory.Cyberbullying,
                        "a", null, at.AddHours(-1), null),
                };
                if (n % 10 != 0)
                {
                    events.Add(new CaseTriaged(RiskLevel.High, "r"));
                }
                if (n % 5 == 1)
                {
                    events.Add(new CaseReferredToSocialCare("s", null, at));
                }
                if (n % 7 == 2)
                {
                    events.Add(new CaseReferredToPolice("s", null, at));
                }
                if (n % 9 == 3)
                {
                    events.Add(new ContentRemovalRequested(RemovalAskedOf.Poster, "https://example.org/p", at));
                }
                // One in eleven closed after triage, for the retention register (ADR 35).
                if (n % 11 == 4)
                {
                    events.Add(new CaseClosed("s", "r"));
                }
                session.Events.StartStream<CaseRecord>(Guid.CreateVersion7(at), events);
            }
            await session.SaveChangesAsync();
        }
        await using var owner = new NpgsqlConnection(TestDatabase.ConnectionString);
        await owner.OpenAsync();
        await using var analyse = new NpgsqlCommand($"analyze {_schema}.mt_doc_case_register", owner);
        await analyse.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        await TestDatabase.DropSchemaAsync(_schema);
    }
}

/// <summary>
/// Issue 14 items 4 and 5 (ADR 20): every register's query, as its route builds it, reads a page in one range scan of the
/// register's own index, leading with the tenant, for the first page and for a page from a cursor deep in the register:
/// no sequential scan of the case register, and no more rows read than returned plus a small constant.
/// The plans' figures are in docs/benchmarks.md.
/// </summary>
public sealed class RegisterQueryPlanTests(PlannedSchool school, ITestOutputHelper output) : IClassFixture<PlannedSchool>
{
    private const int Page = 50;

    // A reader who sees every case of this school in full: the DSL, as auditor too.
    private static readonly Caller Reader = new(
        new CurrentUser(Guid.Parse("a0000000-0000-4000-8000-000000000004"), "DSL", [PlannedSchool.Tenant], ["dsl", "auditor"]),
        PlannedSchool.Tenant, new Actor(Guid.Parse("a0000000-0000-4000-8000-000000000004"), new HashSet<Role> { Role.Dsl, Role.Auditor }));

    public static TheoryData<string> Registers => new(CaseRegisters.Tagged.Where(t => t != CaseRegisters.LowLevelConcerns).Append(CaseRegisters.Overdue));

    [Theory]
    [MemberData(nameof(Registers))]
    public async Task Each_register_reads_its_first_and_a_deep_page_in_one_range_scan_of_its_own_index(string name)
    {
        var plans = name switch
        {
            CaseRegisters.DslQueue => await PlansAsync(CaseRegisters.DslQueueRegister),
            CaseRegisters.LadoReferrals => await PlansAsync(CaseRegisters.LadoReferralsRegister),
            CaseRegisters.PoliceReferrals => await PlansAsync(CaseRegisters.PoliceReferralsRegister),
            CaseRegisters.SocialCareReferrals => await PlansAsync(CaseRegisters.SocialCareReferralsRegister),
            CaseRegisters.AwaitingAcknowledgement => await PlansAsync(CaseRegisters.AwaitingAcknowledgementRegister),
            CaseRegisters.ContentRemovals => await PlansAsync(CaseRegisters.ContentRemovalsRegister),
            CaseRegisters.Allegations => await PlansAsync(CaseRegisters.AllegationsRegister),
            CaseRegisters.ParentBreaches => await PlansAsync(CaseRegisters.ParentBreachesRegister),
            CaseRegisters.Retention => await PlansAsync(CaseRegisters.RetentionRegister),
            _ => await PlansAsync(CaseRegisters.OverdueRegister),
        };
        var index = "mt_doc_case_register_" + name.Replace('-', '_');
        foreach (var (page, plan) in plans)
        {
            var nodes = Nodes(plan.GetProperty("Plan")).ToList();
            Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan");
            var scan = Assert.Single(nodes, n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "mt_doc_case_register");
            Assert.Equal("Index Scan", scan.GetProperty("Node Type").GetString());
            Assert.Equal(index, scan.GetProperty("Index Name").GetString());
            var returned = plan.GetProperty("Plan").GetProperty("Actual Rows").GetDouble();
            var read = scan.GetProperty("Actual Rows").GetDouble() + Removed(scan);
            output.WriteLine($"| {name} | {page} | {scan.GetProperty("Node Type").GetString()} on {index} | {returned} | {read} | {Removed(scan)} | {plan.GetProperty("Execution Time").GetDouble():0.000} ms |");
            Assert.True(read <= returned + 2, $"{name} {page}: read {read} rows for {returned}");
            Assert.True(Removed(scan) <= 2, $"{name} {page}: {Removed(scan)} rows removed by filter");
        }
    }

    [Fact]
    public async Task The_low_level_concerns_register_finds_its_staff_in_one_range_scan_of_its_own_index()
    {
        await using var session = school.Store.QuerySession(PlannedSchool.Tenant);
        var table = session.DocumentStore.Options.Schema.For<CaseRecord>();
        var roles = CaseQueries.RolesOf(Reader);
        var plan = await ExplainAsync(ReadRegister.StaffWithConcernsSql(table), PlannedSchool.Tenant, roles, Reader.User.Id, roles, Guid.Empty, Page + 1);
        var nodes = Nodes(plan.GetProperty("Plan")).ToList();
        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan");
        Assert.Contains(nodes, n => n.TryGetProperty("Index Name", out var i) && i.GetString() == "mt_doc_case_register_low_level_concerns");
    }

    // The first page, then the page after the cursor of its last row (deep in the register when it is long).
    private async Task<List<(string Page, JsonElement Plan)>> PlansAsync<TRow>(Register<TRow> register)
    {
        await using var session = school.Store.QuerySession(PlannedSchool.Tenant);
        var now = DateTimeOffset.UtcNow;
        var plans = new List<(string, JsonElement)> { ("first", await ExplainAsync(ReadRegister.LiveQuery(session, Reader, register, null, null, Page + 1, now))) };
        var all = await ReadRegister.LiveQuery(session, Reader, register, null, null, PlannedSchool.Cases, now).ToListAsync();
        if (all.Count > 2)
        {
            var middle = all[all.Count / 2];
            var cursor = PageCursor.After(register.ByDeadline ? middle.NextDeadline!.Value : middle.ReportedAt, middle.Id);
            plans.Add(("from a cursor", await ExplainAsync(ReadRegister.LiveQuery(session, Reader, register, null, cursor, Page + 1, now))));
        }
        return plans;
    }

    /// <summary>
    /// An action's load reads the people its case names and who manages allegations through their indexes: with 2,500
    /// people in the school's directory it reads the few rows it returns, so its cost does not grow with the school.
    /// </summary>
    [Fact]
    public async Task An_actions_people_are_read_through_indexes_whatever_the_size_of_the_directory()
    {
        await using var session = school.Store.QuerySession(PlannedSchool.Tenant);
        var people = session.DocumentStore.Options.Schema.For<Casework.Directory.Person>();
        var cases = session.DocumentStore.Options.Schema.For<CaseRecord>();
        await using (var owner = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await owner.OpenAsync();
            await using var fill = new NpgsqlCommand(
                $"insert into {people} (tenant_id, id, data, mt_version, mt_dotnet_type, manages_cases) " +
                "select $1, gen_random_uuid(), '{}'::jsonb, 1, 'person', g % 1000 = 0 from generate_series(1, 2500) g on conflict do nothing", owner);
            fill.Parameters.Add(new NpgsqlParameter { Value = PlannedSchool.Tenant });
            await fill.ExecuteNonQueryAsync();
            await using var analyse = new NpgsqlCommand($"analyze {people}", owner);
            await analyse.ExecuteNonQueryAsync();
        }
        var caseId = (await session.Query<CaseRecord>().Take(1).ToListAsync()).Single().Id;

        var plan = await ExplainAsync($"select d.id from {people} as d " + CaseService.PeopleOfCaseSql(cases), PlannedSchool.Tenant, PlannedSchool.Tenant, caseId);

        var onPeople = Nodes(plan.GetProperty("Plan")).Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "mt_doc_person").ToList();
        Assert.NotEmpty(onPeople);
        Assert.All(onPeople, n => Assert.NotEqual("Seq Scan", n.GetProperty("Node Type").GetString()));
        var read = onPeople.Sum(n => n.GetProperty("Actual Rows").GetDouble() + Removed(n));
        Assert.True(read <= 10, $"read {read} rows of the directory: {plan}");
    }

    /// <summary>
    /// Issue 17: the alerts a change raises find whom they address by role through the school's own index of who manages
    /// cases, and the people they name through the primary key: with 2,500 people in the school and 10,000 in other schools
    /// sharing the table, it reads the school's few managers, not its directory nor theirs.
    /// </summary>
    [Fact]
    public async Task An_alerts_recipients_are_read_through_the_schools_index_whatever_the_size_of_its_directory_and_the_number_of_schools()
    {
        await using var session = school.Store.QuerySession(PlannedSchool.Tenant);
        var people = session.DocumentStore.Options.Schema.For<Casework.Directory.Person>();
        await using (var owner = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await owner.OpenAsync();
            // One in a hundred manages cases: 25 in this school, 100 in the twenty others.
            await using var fill = new NpgsqlCommand(
                $"insert into {people} (tenant_id, id, data, mt_version, mt_dotnet_type, manages_cases) " +
                "select case when g <= 2500 then $1 else 'other-' || (g % 20) end, gen_random_uuid(), '{\"staff\": {\"roles\": [\"staff\"]}}'::jsonb, 1, 'person', g % 100 = 0 " +
                "from generate_series(1, 12500) g", owner);
            fill.Parameters.Add(new NpgsqlParameter { Value = PlannedSchool.Tenant });
            await fill.ExecuteNonQueryAsync();
            await using var analyse = new NpgsqlCommand($"analyze {people}", owner);
            await analyse.ExecuteNonQueryAsync();
        }

        var plan = await ExplainAsync($"select d.id from {people} as d where d.tenant_id = ? and {Casework.Alerts.CaseAlerts.RecipientsSql}",
            PlannedSchool.Tenant, new[] { Guid.NewGuid() }, new[] { "dsl", "headteacher" });

        var onPeople = Nodes(plan.GetProperty("Plan")).Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "mt_doc_person").ToList();
        Assert.NotEmpty(onPeople);
        Assert.All(onPeople, n => Assert.NotEqual("Seq Scan", n.GetProperty("Node Type").GetString()));
        Assert.Contains(Nodes(plan.GetProperty("Plan")), n => n.TryGetProperty("Index Name", out var i) && i.GetString() == "mt_doc_person_manages_cases");
        var read = onPeople.Sum(n => n.GetProperty("Actual Rows").GetDouble() + Removed(n));
        Assert.True(read <= 30, $"read {read} rows of the directories: {plan}");
    }

    private static async Task<JsonElement> ExplainAsync(IQueryable<CaseRecord> query)
    {
        var command = query.ToCommand(FetchType.FetchMany);
        await using var connection = new NpgsqlConnection(TestDatabase.ServiceConnectionString);
        await connection.OpenAsync();
        command.Connection = connection;
        command.CommandText = "explain (analyze, format json) " + command.CommandText;
        return Plan((string)(await command.ExecuteScalarAsync())!);
    }

    private static async Task<JsonElement> ExplainAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ServiceConnectionString);
        await connection.OpenAsync();
        var positional = string.Join("", sql.Split('?').Select((part, i) => i == 0 ? part : $"${i}{part}"));
        await using var command = new NpgsqlCommand("explain (analyze, format json) " + positional, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return Plan((string)(await command.ExecuteScalarAsync())!);
    }

    private static JsonElement Plan(string json) => JsonDocument.Parse(json).RootElement[0].Clone();

    private static double Removed(JsonElement node) =>
        node.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetDouble() : 0;

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children) ? children.EnumerateArray().SelectMany(Nodes).Prepend(node) : [node];
}
