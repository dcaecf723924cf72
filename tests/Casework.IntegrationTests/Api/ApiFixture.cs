using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Casework.Auth;
using Casework.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Npgsql;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// The whole service in process (WebApplicationFactory) on a fresh schema of the real PostgreSQL, in the
/// Development environment so that it trusts the checkout's development key, with which clients' tokens
/// are minted. One per test class (xunit IClassFixture); the schema is dropped afterwards.
/// </summary>
public sealed class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Tenant = "clarendon";
    public const string OtherTenant = "rainow";

    private readonly ECDsa _key = DevelopmentTokens.LoadOrCreateKey(DevelopmentTokens.ResolveKeyPath(null));

    public string Schema { get; } = "api_" + Guid.NewGuid().ToString("N")[..16];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Casework", TestDatabase.ConnectionString);
        builder.UseSetting("Casework:Schema", Schema);
        // What the service emits, kept for the telemetry tests: spans through OpenTelemetry, and every log line.
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>Every span the service finished, in the order they ended.</summary>
    public List<Activity> Spans { get; } = [];

    public CollectedLogs Logs { get; } = new();

    /// <summary>A client whose token names this user, tenant(s) and role(s).</summary>
    public HttpClient ClientFor(Guid user, string role, params string[] tenants) => ClientFor(user, [role], tenants);

    public HttpClient ClientFor(Guid user, IReadOnlyList<string> roles, params string[] tenants)
    {
        var client = CreateClient();
        var token = DevelopmentTokens.Mint(_key, new DevelopmentTokenRequest(
            user, "Test " + string.Join("/", roles), tenants.Length == 0 ? [Tenant] : tenants, roles, TimeSpan.FromMinutes(30)), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Reads this test's schema directly (for asserting what was stored).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString + ";Search Path=" + Schema);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public Task InitializeAsync()
    {
        _ = Server; // starts the host: migrations run at start-up
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _key.Dispose();
        await TestDatabase.DropSchemaAsync(Schema);
    }
}

/// <summary>JSON as the API writes it.</summary>
public static class ApiJson
{
    public static Task<T?> ReadAsync<T>(this HttpContent content) => content.ReadFromJsonAsync<T>(CaseworkJson.Options);
}
