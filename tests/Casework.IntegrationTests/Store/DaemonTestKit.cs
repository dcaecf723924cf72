using Casework.Cases;
using Casework.Concerns;
using Casework.Operations;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Casework.IntegrationTests.Store;

/// <summary>One application of one event by the test's async projection: which event, and which host applied it.</summary>
public sealed class SeenEvent
{
    public Guid Id { get; set; }

    public long Sequence { get; set; }

    public Guid StreamId { get; set; }

    public string EventType { get; set; } = "";

    public string Host { get; set; } = "";
}

/// <summary>
/// A test-only async projection that writes a new document each time it applies an event, so an event
/// applied twice (by two hosts, or twice by one) leaves two rows rather than overwriting one. Rows of a
/// batch that is rolled back vanish with it: what is counted is what the daemon committed.
/// </summary>
public sealed partial class SeenEventsProjection : EventProjection
{
    public SeenEventsProjection(string host)
    {
        Host = host;
        Name = "seen_events";
        // A rebuild starts from nothing: the rows of the previous run are deleted first.
        Options.DeleteViewTypeOnTeardown<SeenEvent>();
    }

    public string Host { get; }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        operations.Store(new SeenEvent
        {
            Id = Guid.NewGuid(),
            Sequence = e.Sequence,
            StreamId = e.StreamId,
            EventType = e.EventTypeName,
            Host = Host,
        });
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Marten exactly as the service configures it (<see cref="StoreSetup.Configure"/>), on a fresh schema, plus
/// the test's async projection; real case events appended to case streams in a tenant's session.
/// </summary>
public static class DaemonTestKit
{
    public const string Tenant = "clarendon";

    public const string ShardName = "seen_events:All";

    /// <summary>The service's configuration; with a host name, plus the test's async projection applied by that host.</summary>
    public static void Configure(StoreOptions options, NpgsqlDataSource dataSource, string schema, string? host)
    {
        StoreSetup.Configure(options, dataSource, schema);
        if (host is not null)
        {
            options.Projections.Add(new SeenEventsProjection(host), ProjectionLifecycle.Async);
        }
        options.Schema.For<SeenEvent>().DocumentAlias("daemon_seen");
    }

    /// <summary>The schema, as `migrate` makes it: Marten's tables, the append-only triggers, the service role's grants.</summary>
    public static Task MigrateAsync(IDocumentStore store, NpgsqlDataSource dataSource) =>
        Migration.ApplyAsync(store, dataSource, TestDatabase.ServiceRole);

    /// <summary>A concern reported and triaged: two events on a new case stream.</summary>
    public static object[] ConcernReportedAndTriaged()
    {
        var now = DateTimeOffset.UtcNow;
        return
        [
            new ConcernReported(Guid.NewGuid(), now, [new PupilInvolved(Guid.NewGuid(), PupilRole.Victim)], ConcernCategory.Cyberbullying,
                "Messages in a group chat.", null, now.AddHours(-2), null),
            new CaseTriaged(RiskLevel.Medium, "Repeated over a week."),
        ];
    }

    /// <summary>Starts one case stream in its own committed transaction and returns its event sequences.</summary>
    public static async Task<long[]> AppendCaseAsync(IDocumentStore store)
    {
        var id = Guid.NewGuid();
        await using (var session = store.LightweightSession(Tenant))
        {
            session.Events.StartStream<CaseRecord>(id, ConcernReportedAndTriaged());
            await session.SaveChangesAsync();
        }
        return await SequencesAsync(store, id);
    }

    public static async Task<long[]> SequencesAsync(IDocumentStore store, Guid streamId)
    {
        await using var session = store.QuerySession(Tenant);
        var events = await session.Events.FetchStreamAsync(streamId);
        return [.. events.Select(e => e.Sequence)];
    }

    /// <summary>Every application the projection committed, in sequence order.</summary>
    public static async Task<IReadOnlyList<SeenEvent>> SeenAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession(Tenant);
        var seen = await session.Query<SeenEvent>().ToListAsync();
        return [.. seen.OrderBy(s => s.Sequence).ThenBy(s => s.Host)];
    }

    public static async Task<long[]> AllSequencesAsync(NpgsqlDataSource dataSource, string schema) =>
        [.. await ListAsync<long>(dataSource, $"select seq_id from {schema}.mt_events order by seq_id")];

    /// <summary>The spans (starting, ending] the daemon's high water detection recorded as skipped.</summary>
    public static async Task<List<(long Starting, long Ending)>> SkipsAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand(
            $"select starting_sequence, ending_sequence from {schema}.mt_high_water_skips order by ending_sequence");
        await using var reader = await command.ExecuteReaderAsync();
        var skips = new List<(long, long)>();
        while (await reader.ReadAsync())
        {
            skips.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        return skips;
    }

    public static async Task<long> HighWaterMarkAsync(IDocumentStore store)
    {
        var progress = await store.Advanced.AllProjectionProgress();
        return progress.SingleOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
    }

    public static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public static async Task<List<T>> ListAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }
        return rows;
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, at most <paramref name="timeout"/>; if it never does,
    /// fails naming what was awaited and what was last seen.
    /// </summary>
    public static async Task UntilAsync(string what, TimeSpan timeout, Func<Task<bool>> condition, Func<Task<string>> lastSeen)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Waited {timeout.TotalSeconds:0} s for {what}; last seen: {await lastSeen()}");
            }
            await Task.Delay(100);
        }
    }

    public static string Describe(IEnumerable<SeenEvent> seen) =>
        "[" + string.Join(", ", seen.Select(s => $"{s.Sequence}@{s.Host}")) + "]";

    /// <summary>
    /// A generic host running Marten as the service configures it, as the service's role, with the async daemon in the given mode.
    /// Its connections carry the host's name as application_name, so pg_stat_activity tells the hosts apart;
    /// its log lines go to the test's output, timed by the test's clock.
    /// </summary>
    public static IHost BuildHost(string name, string schema, DaemonMode mode, Xunit.Abstractions.ITestOutputHelper output,
        System.Diagnostics.Stopwatch clock)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddProvider(new TestOutputLogger(output, name + " ", clock)).SetMinimumLevel(LogLevel.Information);
        // As the service's role, as a deployed daemon would run (ADR 15).
        var connection = new NpgsqlConnectionStringBuilder(TestDatabase.ServiceConnectionString) { ApplicationName = name };
        var dataSource = StoreSetup.DataSource(connection.ConnectionString);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddMarten(options => Configure(options, dataSource, schema, name)).AddAsyncDaemon(mode);
        return builder.Build();
    }
}

/// <summary>The daemon's log lines, timed, in the test's output: what it held, skipped or retried.</summary>
public sealed class TestOutputLogger(Xunit.Abstractions.ITestOutputHelper output, string prefix = "", System.Diagnostics.Stopwatch? clock = null)
    : ILogger, ILoggerProvider
{
    private readonly System.Diagnostics.Stopwatch _clock = clock ?? System.Diagnostics.Stopwatch.StartNew();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:0.00} s {prefix}{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished: its output is closed.
        }
    }

    public void Note(string line) => Log(LogLevel.Information, default, line, null, (s, _) => s);

    public ILogger CreateLogger(string categoryName) => this;

    public void Dispose()
    {
    }
}
