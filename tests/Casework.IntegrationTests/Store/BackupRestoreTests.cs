using System.Diagnostics;
using System.Security.Cryptography;
using Casework.Audit;
using Casework.Cases;
using Casework.Directory;
using Casework.Operations;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using JasperFx;
using static Casework.IntegrationTests.Store.DaemonTestKit;

namespace Casework.IntegrationTests.Store;

/// <summary>
/// Issue 19, ADR 22: the record survives losing its database. scripts/backup.sh, as an operator runs it, on a cluster
/// of the test's own (scripts/db.sh in a temporary folder, so the shared test cluster is never restarted): a base
/// backup, more writes, a named restore point, more writes after it, then a restore into a fresh cluster. Casework's
/// store on the copy finds every event acknowledged before the point and none after, and registers equal to a rebuild;
/// the sealed chain verifies against a checkpoint exported before the point (ADR 33); a case erased after the point has
/// its data key back, until the erasure log is replayed (ADRs 40 and 42).
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private const string Schema = "casework";
    private readonly string _home = Path.Combine(Path.GetTempPath(), "casework-backup-test-" + Guid.NewGuid().ToString("N")[..12]);

    private string Primary => Path.Combine(_home, "primary");

    private string Restored => Path.Combine(_home, "restored");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in new[] { Primary, Restored })
        {
            if (System.IO.Directory.Exists(cluster))
            {
                await ScriptAsync(cluster, "db.sh", "stop");
            }
        }
        if (System.IO.Directory.Exists(_home))
        {
            System.IO.Directory.Delete(_home, recursive: true);
        }
    }

    [Fact]
    public async Task A_restore_to_a_named_point_has_every_event_acknowledged_before_it_none_after_and_registers_equal_to_a_rebuild_a_chain_that_verifies_against_its_checkpoint_and_an_erasure_after_it_stays_erased()
    {
        var service = await ScriptAsync(Primary, "db.sh", "start");
        var owner = await ScriptAsync(Primary, "db.sh", "owner");
        await ScriptAsync(Primary, "backup.sh", "setup");
        await Migration.ApplyAsync(owner, Schema, new NpgsqlConnectionStringBuilder(service).Username!);

        var acknowledged = new List<long>();
        var staff = Guid.NewGuid();
        var erasures = new ErasureLog(Path.Combine(_home, "erasure-log"));
        Guid erased;
        using var signer = new CheckpointSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        SignedCheckpoint checkpoint;
        await using (var dataSource = StoreSetup.DataSource(service))
        await using (var store = ServiceStore(dataSource))
        {
            // In the base backup.
            acknowledged.AddRange(await AppendCaseAsync(store));
            await using (var session = store.LightweightSession(Tenant))
            {
                session.Events.StartStream<Person>(staff, new StaffMemberAdded(staff, "A. Teacher", [Role.Dsl]));
                await session.SaveChangesAsync();
            }
            acknowledged.AddRange(await SequencesAsync(store, staff));
            await ScriptAsync(Primary, "backup.sh", "full");

            // After it: back only by replaying the archived WAL, with a case's data key.
            for (var i = 0; i < 3; i++)
            {
                acknowledged.AddRange(await AppendCaseAsync(store));
            }
            await using (var session = store.LightweightSession(Tenant))
            {
                // The first case, from the base backup.
                var first = acknowledged[0];
                erased = await session.Events.QueryAllRawEvents().Where(e => e.Sequence == first).Select(e => e.StreamId).SingleAsync();
                session.Insert(new DataKey(erased, "master", [1, 2, 3], DateTimeOffset.UtcNow));
                await session.SaveChangesAsync();
            }
            // The chain sealed so far, and a checkpoint an auditor exported of it (ADR 33).
            await new SealChain(store, dataSource, TimeProvider.System).SealPendingAsync(full: true, CancellationToken.None, waitForOtherSealer: true);
            checkpoint = await Checkpoints.LatestAsync(dataSource, Schema, signer, Tenant, DateTimeOffset.UtcNow, CancellationToken.None);
            await ScriptAsync(Primary, "backup.sh", "mark", "before-the-loss");

            // After the point, the case's content is erased (ADR 34): its key deleted, the erasure in the log (ADR 40).
            await using (var session = store.LightweightSession(Tenant))
            {
                session.Delete<DataKey>(erased);
                await session.SaveChangesAsync();
            }
            await erasures.RecordAsync([new ErasureEntry(Tenant, erased, DateTimeOffset.UtcNow)], CancellationToken.None);

            // After the point: a new case, and a change to a stream that existed before it.
            await AppendCaseAsync(store);
            await using (var session = store.LightweightSession(Tenant))
            {
                session.Events.Append(staff, new StaffMemberUpdated(staff, "A. Teacher", [Role.Dsl, Role.Headteacher]));
                await session.SaveChangesAsync();
            }
            Assert.Equal(acknowledged.Count + 3, (await AllSequencesAsync(dataSource, Schema)).Length);
        }
        // Everything written so far is archived, so the restore could replay past the point: stopping there is the target's doing.
        await ScriptAsync(Primary, "backup.sh", "check");

        var restored = await ScriptAsync(Primary, "backup.sh", "restore", "--name", "before-the-loss", "--into", Restored);

        await using (var dataSource = StoreSetup.DataSource(restored))
        await using (var store = ServiceStore(dataSource))
        {
            await using (var session = store.QuerySession(Tenant))
            {
                var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
                Assert.Equal(acknowledged.Order(), events);
                var person = await session.LoadAsync<Person>(staff);
                Assert.Equal(1L, person!.Version);
                Assert.Equal([Role.Dsl], person.Staff!.Roles);
                Assert.Equal(4, await session.Query<CaseRecord>().CountAsync());
            }
            // The auditor's replay (ADR 12): every register rebuilt from the restored events, compared row by row.
            var replay = await new RegisterReplay(store, dataSource, TimeProvider.System, NullLogger.Instance).RunAsync(null, 10, CancellationToken.None);
            Assert.Empty(replay.Differences);
            Assert.Equal(acknowledged.Count, replay.EventsReplayed);
            Assert.Equal(4, replay.Tables.Single(t => t.Name == "mt_doc_case_register").LiveRows);

            // The sealed chain verifies, against the checkpoint exported before the target, by the service's checkpoint key.
            await using var services = new ServiceCollection().AddSingleton(signer).BuildServiceProvider();
            var chain = await new ChainVerifier(store, dataSource, services, TimeProvider.System)
                .VerifyAsync(Tenant, checkpoint, ChainVerifier.DefaultUnsealedAfterMinutes, new HashSet<Guid>(), CancellationToken.None);
            Assert.True(chain.Intact, $"{chain.FindingCount} findings: {string.Join("; ", chain.Findings.Select(f => f.ToString()))}");
            Assert.True(chain.CheckpointHolds);
            Assert.Equal(checkpoint.SealNumber, chain.Seals);

            // The restore brought the erased case's key back; replaying the erasure log (ADR 40, as the service does
            // when it starts, ADR 42) deletes it again.
            await using (var session = store.QuerySession(Tenant))
            {
                Assert.NotNull(await session.LoadAsync<DataKey>(erased));
            }
            Assert.Equal(1, await erasures.ReplayAsync(dataSource, Schema, CancellationToken.None));
            await using (var session = store.QuerySession(Tenant))
            {
                Assert.Null(await session.LoadAsync<DataKey>(erased));
            }
        }
    }

    // Casework's store as the service opens it: its configuration, its role, no schema changes (ADR 15).
    private static DocumentStore ServiceStore(NpgsqlDataSource dataSource) => DocumentStore.For(options =>
    {
        StoreSetup.Configure(options, dataSource, Schema);
        options.AutoCreateSchemaObjects = AutoCreate.None;
    });

    // A script on one of the test's clusters (CASEWORK_PG_HOME), never the shared one the ConnectionStrings__* name.
    private static async Task<string> ScriptAsync(string cluster, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(LocalServer.RepositoryRoot(), "scripts", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CASEWORK_PG_HOME"] = cluster;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"scripts/{script} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        return (await output).Trim();
    }
}
