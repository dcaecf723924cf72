using Casework.Cases;
using Casework.Concerns;
using Casework.Operations;
using Marten;

namespace Casework.Http.Benchmarks;

/// <summary>
/// For reference beside the baseline: Marten's append as the service configures it (<see cref="StoreSetup.Configure"/>:
/// Quick append, conjoined tenancy, the inline case document), without HTTP, the service or the decision: one event
/// that starts a new case stream, and one more event on a case stream that exists (its document loaded and
/// rewritten by the inline projection). Same cluster, same client counts as the raw INSERT baseline.
/// </summary>
internal static class MartenAppends
{
    public const string NewStream = "new stream";
    public const string ExistingStream = "existing stream";

    public static async Task<IReadOnlyDictionary<(string Stream, int Clients), Measurement>> MeasureAsync(Database database, Options options, CpuMeter cpu, CancellationToken ct)
    {
        var schema = Database.NewSchema("bench_marten");
        await using var dataSource = StoreSetup.DataSource(database.ConnectionString);
        using var store = DocumentStore.For(marten => StoreSetup.Configure(marten, dataSource, schema));
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var results = new Dictionary<(string, int), Measurement>();
            foreach (var clients in Baseline.Clients)
            {
                await database.CheckpointAsync(ct);
                results[(NewStream, clients)] = await Load.MeasureAsync(clients, options.WarmUp, options.Duration, async (_, token) =>
                {
                    await using var session = store.LightweightSession("bench");
                    session.Events.StartStream<CaseRecord>(Guid.CreateVersion7(), Reported());
                    await session.SaveChangesAsync(token);
                    return Outcome.Done;
                }, cpu, ct);

                // Each client appends to a case of its own, so that no two race on one stream.
                var cases = Enumerable.Range(0, clients).Select(_ => Guid.CreateVersion7()).ToArray();
                await using (var start = store.LightweightSession("bench"))
                {
                    foreach (var id in cases)
                    {
                        start.Events.StartStream<CaseRecord>(id, Reported());
                    }
                    await start.SaveChangesAsync(ct);
                }
                await database.CheckpointAsync(ct);
                results[(ExistingStream, clients)] = await Load.MeasureAsync(clients, options.WarmUp, options.Duration, async (client, token) =>
                {
                    await using var session = store.LightweightSession("bench");
                    session.Events.Append(cases[client], new NoteAdded(Guid.CreateVersion7(), "Spoke to the pupil's form tutor."));
                    await session.SaveChangesAsync(token);
                    return Outcome.Done;
                }, cpu, ct);
            }
            return results;
        }
        finally
        {
            await database.DropSchemaAsync(schema);
        }
    }

    private static ConcernReported Reported() => new(
        Guid.Parse("0a000000-0000-4000-8000-000000000003"), DateTimeOffset.UtcNow,
        [new PupilInvolved(Guid.Parse("0b000000-0000-4000-8000-000000000001"), PupilRole.Victim)], ConcernCategory.Cyberbullying,
        "Messages in a class group chat telling her to leave the school.", null, DateTimeOffset.UtcNow.AddHours(-2), null);
}
