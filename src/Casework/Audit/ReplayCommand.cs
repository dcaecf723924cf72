using System.Text.Json;
using Casework.Http;
using JasperFx.CommandLine;
using Marten;
using Npgsql;

namespace Casework.Audit;

public sealed class ReplayInput : NetCoreInput
{
    [Description("How many differing rows to list at most (all are counted)")]
    public int MaxDifferencesFlag { get; set; } = ReplayRequest.MostDifferences;
}

/// <summary>
/// <c>dotnet run --project src/Casework -- replay</c>: the replay of every school's registers (<see cref="RegisterReplay"/>),
/// printed as JSON; the exit code is 0 when no row differs, 1 otherwise, so a scheduled job can raise the alarm.
/// </summary>
[Description("Rebuild every register from the events in a fresh schema and report each row that differs from the live one", Name = "replay")]
public sealed class ReplayCommand : JasperFxAsyncCommand<ReplayInput>
{
    public override async Task<bool> Execute(ReplayInput input)
    {
        using var host = input.BuildHost();
        var services = host.Services;
        var replay = new RegisterReplay(services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<NpgsqlDataSource>(),
            TimeProvider.System, services.GetRequiredService<ILoggerFactory>().CreateLogger<RegisterReplay>());
        var report = await replay.RunAsync(null, Math.Clamp(input.MaxDifferencesFlag, 1, ReplayRequest.MostDifferences), CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(CaseworkJson.Options) { WriteIndented = true }));
        return report.Differences.Count == 0;
    }
}
