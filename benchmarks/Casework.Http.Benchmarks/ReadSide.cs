using System.Diagnostics;
using Casework.Cases;
using Casework.Concerns;
using Casework.Operations;
using Marten;

namespace Casework.Http.Benchmarks;

/// <summary>One read-side figure: what was measured, the result and its target.</summary>
internal sealed record ReadSideResult(string What, string Measured, string Target, bool Met);

/// <summary>
/// The read side at a large school (docs/benchmarks.md, "Read side"): 100,000 cases in the benchmarked school,
/// appended through Marten with the service's own configuration so that every case document is the one the
/// inline projection writes (one in ten still awaits triage, reported over the past year, so those are overdue
/// too); then, over HTTP on a service started on that store, the first page of the DSL queue and of the overdue
/// register at 1 and 8 clients, against the p99 target.
/// </summary>
internal static class ReadSide
{
    public const int Cases = 100_000;
    public const double RegisterP99TargetMs = 20;
    private const int Batch = 1_000;

    public static async Task<IReadOnlyList<ReadSideResult>> MeasureAsync(
        Database database, Build build, Tokens tokens, Options options, int? postmaster, CancellationToken ct)
    {
        var schema = Database.NewSchema("bench_read");
        ServiceProcess? service = null;
        try
        {
            service = await ServiceProcess.StartAsync(build, database, schema, ct);
            var school = new School(SchoolSize.Large);
            await school.SeedDirectoryAsync(service.Address, tokens.Admin, ct);
            await service.DisposeAsync();
            service = null;
            var filling = await FillAsync(database, schema, school, ct);
            Progress.Say($"{Cases:#,0} cases appended through Marten in {filling.TotalSeconds:0.0} s ({Cases / filling.TotalSeconds:#,0} cases/s)");
            await database.SettleAsync(schema, ct);
            service = await ServiceProcess.StartAsync(build, database, schema, ct);

            var results = new List<ReadSideResult>();
            foreach (var (register, clients) in new[] { ("dsl-queue", 1), ("dsl-queue", 8), ("overdue", 1), ("overdue", 8) })
            {
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseProxy = false }) { BaseAddress = service.Address };
                var path = $"/api/registers/{register}?limit=50";
                var result = await Load.MeasureAsync(clients, options.WarmUp, options.Duration, async (_, token) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Authorization = new("Bearer", tokens.Dsl);
                    using var response = await http.SendAsync(request, token);
                    await response.Content.ReadAsStringAsync(token);
                    return response.IsSuccessStatusCode ? Outcome.Done : Outcome.Failed(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }, new CpuMeter(service.Pid, postmaster), ct);
                var p99 = result.Percentile(0.99);
                var measured = $"p50 {result.Percentile(0.5):0.0} ms, p99 {p99:0.0} ms, {result.PerSecond:#,0} req/s, CPU ms/req {Report.Cpu(result)}, {result.ErrorCount} errors";
                Progress.Say($"register {register} (50 rows, {Cases:#,0} cases) {clients} clients: {measured}");
                results.Add(new ReadSideResult($"register `{register}`, first 50 rows, {Cases:#,0} cases, {clients} client{(clients == 1 ? "" : "s")}", measured,
                    $"p99 ≤ {RegisterP99TargetMs} ms", p99 <= RegisterP99TargetMs && result.ErrorCount == 0));
            }
            return results;
        }
        finally
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
            await database.DropSchemaAsync(schema);
        }
    }

    // Nine in ten triaged (two events), one in ten untriaged (one event), reported at instants over the past year.
    private static async Task<TimeSpan> FillAsync(Database database, string schema, School school, CancellationToken ct)
    {
        await using var dataSource = StoreSetup.DataSource(database.ConnectionString);
        using var store = DocumentStore.For(marten => StoreSetup.Configure(marten, dataSource, schema));
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < Cases; start += Batch)
        {
            await using var session = store.LightweightSession(Tokens.Tenant);
            for (var n = start; n < Math.Min(start + Batch, Cases); n++)
            {
                var reportedAt = now.AddMinutes(-(Cases - n) * 5.0);
                var reported = new ConcernReported(School.TeacherId, reportedAt,
                    [new PupilInvolved(school.Pupils[n % school.Pupils.Count], PupilRole.Victim)], ConcernCategory.Cyberbullying,
                    "Messages in a class group chat telling her to leave the school.", null, reportedAt.AddHours(-2), null);
                object[] events = n % 10 == 0 ? [reported] : [reported, new CaseTriaged(RiskLevel.High, "Sustained group bullying; parents to be told today.")];
                session.Events.StartStream<CaseRecord>(Guid.CreateVersion7(reportedAt), events);
            }
            await session.SaveChangesAsync(ct);
        }
        return clock.Elapsed;
    }
}
