using System.Text.Json;
using Casework.Auth;
using Casework.Http;
using Casework.Operations;
using JasperFx.CommandLine;
using Npgsql;

namespace Casework.Cases;

/// <summary>One erasure as the erasure log keeps it: which school's case, and when; nothing of the case's content.</summary>
public sealed record ErasureEntry(string Tenant, Guid CaseId, DateTimeOffset ErasedAt);

/// <summary>
/// The erasure log (ADR 40): an append-only file, one JSON line per erasure, kept beside the master key and never in
/// the database or its backups, so that a restore cannot undo an erasure: <c>replay-erasures</c> deletes again the
/// data key of every case it names. <c>Casework:ErasureLogFile</c>; in Development <c>.dev/erasure-log</c>.
/// </summary>
public sealed class ErasureLog(string path)
{
    private static readonly SemaphoreSlim Writing = new(1, 1);

    public string Path { get; } = path;

    /// <summary>Appends one erasure and flushes it to the disk before returning.</summary>
    public async Task RecordAsync(IEnumerable<ErasureEntry> entries, CancellationToken ct)
    {
        var lines = string.Concat(entries.Select(e => JsonSerializer.Serialize(e, CaseworkJson.Stored) + "\n"));
        if (lines.Length == 0)
        {
            return;
        }
        await Writing.WaitAsync(ct);
        try
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            await using var stream = new FileStream(Path, options);
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(lines), ct);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            Writing.Release();
        }
    }

    public IReadOnlyList<ErasureEntry> Read() => File.Exists(Path)
        ? [.. File.ReadLines(Path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonSerializer.Deserialize<ErasureEntry>(l, CaseworkJson.Stored)!)]
        : [];

    public static ErasureLog Configured(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Casework:ErasureLogFile"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new ErasureLog(configured);
        }
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No erasure log: set Casework:ErasureLogFile to a file on a persistent volume apart from the database (ADR 40).");
        }
        return new ErasureLog(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(DevelopmentTokens.ResolveKeyPath(null))!, "erasure-log"));
    }

    /// <summary>
    /// After a restore (ADR 40): first records in the log every erasure the database holds that it lacks (so that a run on
    /// the live database also closes the gap of a crash between an erasure's commit and its line), then deletes the data
    /// key of every case the log names. Returns how many keys it deleted; a second run deletes none.
    /// </summary>
    public async Task<int> ReplayAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        var logged = Read().Select(e => (e.Tenant, e.CaseId)).ToHashSet();
        var missing = new List<ErasureEntry>();
        await using (var erasures = dataSource.CreateCommand(
            $"select tenant_id, stream_id, timestamp from {schema}.mt_events where type = 'content-erased' order by seq_id"))
        await using (var reader = await erasures.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var entry = new ErasureEntry(reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2));
                if (logged.Add((entry.Tenant, entry.CaseId)))
                {
                    missing.Add(entry);
                }
            }
        }
        await RecordAsync(missing, ct);
        await using var delete = dataSource.CreateCommand(
            $"delete from {schema}.mt_doc_{StoreSetup.DataKeyTable} k using unnest($1::text[], $2::uuid[]) e(tenant_id, id) where k.tenant_id = e.tenant_id and k.id = e.id");
        delete.Parameters.Add(new NpgsqlParameter { Value = logged.Select(e => e.Tenant).ToArray() });
        delete.Parameters.Add(new NpgsqlParameter { Value = logged.Select(e => e.CaseId).ToArray() });
        return await delete.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// <c>dotnet run --project src/Casework -- replay-erasures</c>: run after any restore, before the service starts on the
/// restored database (ADR 40), and daily on the live one. Safe to repeat. The service also replays the log as it starts
/// (<see cref="ErasureReplay"/>, ADR 42); the command is for an operator who restores with the service stopped.
/// </summary>
[Description("Delete again the data key of every case in the erasure log, after a restore (ADR 40)", Name = "replay-erasures")]
public sealed class ReplayErasuresCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var owner = configuration.GetConnectionString(Migration.OwnerConnectionStringName)
            ?? throw new InvalidOperationException(
                "replay-erasures needs the schema owner's connection: set ConnectionStrings:CaseworkOwner (environment variable ConnectionStrings__CaseworkOwner).");
        var log = host.Services.GetRequiredService<ErasureLog>();
        await using var dataSource = NpgsqlDataSource.Create(owner);
        var deleted = await log.ReplayAsync(dataSource, configuration["Casework:Schema"] ?? StoreSetup.DefaultSchema, CancellationToken.None);
        Console.WriteLine($"Erasure log {log.Path}: {log.Read().Count} erasures; deleted {deleted} data keys a restore had brought back.");
        return true;
    }
}

/// <summary>
/// The erasure log replayed by the service itself as it starts (ADR 42), so that a database restored to before an erasure
/// is never served with the key the erasure destroyed, whether or not the operator ran <c>replay-erasures</c>. Readiness
/// says "not ready" until it has run; while the database is away it tries again every half second.
/// </summary>
public sealed class ErasureReplay(ErasureLog log, NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<ErasureReplay> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource _replayed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Replayed => _replayed.Task.IsCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schema = configuration["Casework:Schema"] ?? StoreSetup.DefaultSchema;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await log.ReplayAsync(dataSource, schema, stoppingToken);
                logger.LogInformation("Erasure log replayed: {Deleted} data keys deleted that the database had brought back.", deleted);
                _replayed.TrySetResult();
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never the exception's message: the log's path is configuration, but nothing else is needed to act.
                logger.LogWarning("The erasure log could not be replayed yet ({Error}); trying again.", e.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
            }
        }
    }
}
