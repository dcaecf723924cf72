using JasperFx.CommandLine;
using Casework.Operations;
using Marten;

namespace Casework.Audit;

/// <summary>
/// <c>dotnet run --project src/Casework -- rebuild-registers</c>: every school's registers and directory rebuilt in place
/// from the events (<see cref="RegisterRebuild"/>, ADR 48), as the schema's owner (ConnectionStrings:CaseworkOwner), with
/// the service stopped. For an upgrade that changes what the case documents hold, such as a parent's breach naming its
/// pupils: documents written before keep the old shape, and the auditor's <c>replay</c> lists each as differing, until
/// this runs. The events are only read; the documents are written as a rebuild makes them, so afterwards <c>replay</c>
/// finds no difference.
/// </summary>
[Description("Rebuild every register in place from the events, as the schema's owner, with the service stopped (ADR 48)", Name = "rebuild-registers")]
public sealed class RebuildRegistersCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var counts = await RebuildInPlaceAsync(host.Services.GetRequiredService<IConfiguration>(), CancellationToken.None);
        Console.WriteLine($"Rebuilt {counts.Cases:#,0} case documents and {counts.People:#,0} people from {counts.Events:#,0} events " +
            $"in {(counts.ReadAndFold + counts.Write).TotalSeconds:0.0} s.");
        return true;
    }

    /// <summary>The rebuild on the configured schema (<c>Casework:Schema</c>), connected as its owner: the service's role may not empty a table.</summary>
    public static async Task<RebuildCounts> RebuildInPlaceAsync(IConfiguration configuration, CancellationToken ct)
    {
        var owner = configuration.GetConnectionString(Migration.OwnerConnectionStringName);
        if (string.IsNullOrWhiteSpace(owner))
        {
            throw new InvalidOperationException(
                "rebuild-registers needs the schema owner's connection: set ConnectionStrings:CaseworkOwner (environment variable ConnectionStrings__CaseworkOwner).");
        }
        await using var dataSource = StoreSetup.DataSource(owner);
        using var store = DocumentStore.For(options => StoreSetup.Configure(options, dataSource, configuration["Casework:Schema"] ?? StoreSetup.DefaultSchema));
        return await RegisterRebuild.RunAsync(store, null, ct);
    }
}
