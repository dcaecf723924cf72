using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Casework.Operations;

public static class Addresses
{
    /// <summary>Says where the service listens, where the console and Swagger UI are, once it does.</summary>
    public static void AnnounceAddresses(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                Console.WriteLine($"Casework is listening on {address}; the console: {address.TrimEnd('/')}{ConsoleHosting.Path}/; Swagger UI: {address.TrimEnd('/')}/swagger");
            }
        });
}
