using Npgsql;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// A service host of its own that reaches the real database through a <see cref="TcpForwarder"/>, which a test cuts
/// and restores to play a database outage; the shared cluster is never stopped.
/// </summary>
public sealed class ForwardedApi : IAsyncDisposable
{
    public ForwardedApi()
    {
        var database = new NpgsqlConnectionStringBuilder(TestDatabase.ServiceConnectionString);
        Forwarder = new TcpForwarder(database.Host!, database.Port);
        Forwarder.Start();
        database.Host = "127.0.0.1";
        database.Port = Forwarder.Port;
        database.Timeout = 3;
        Api = new ApiFixture(database.ConnectionString);
    }

    public TcpForwarder Forwarder { get; }

    public ApiFixture Api { get; }

    // Started (migrated and seeded) while the forwarder is up.
    public Task InitializeAsync() => Api.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        Forwarder.Start();
        await Api.DisposeAsync();
        await Forwarder.DisposeAsync();
    }
}
