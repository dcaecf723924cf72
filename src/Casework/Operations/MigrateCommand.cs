using JasperFx.CommandLine;

namespace Casework.Operations;

/// <summary>
/// <c>dotnet run --project src/Casework -- migrate</c>: <see cref="Migration"/> as configured, as the schema's
/// owner (ConnectionStrings:CaseworkOwner), granting the service's role what it needs. Run before the service
/// starts, and after each upgrade; scripts/run.sh does. Safe to repeat.
/// </summary>
[Description("Create or update the schema as its owner and grant the service's role what it needs (ADR 15)", Name = "migrate")]
public sealed class MigrateCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        await Migration.ApplyAsync(configuration);
        Console.WriteLine($"Migrated schema {configuration["Casework:Schema"] ?? StoreSetup.DefaultSchema}.");
        return true;
    }
}
