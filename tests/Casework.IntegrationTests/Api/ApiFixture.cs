using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Alba;
using Casework.Auth;
using Casework.Cases;
using Marten;
using Casework.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Npgsql;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// The whole service in process (one <see cref="AlbaHost"/>) on a fresh schema of the real PostgreSQL, in the
/// Development environment so that it trusts the checkout's development key, with which clients' tokens are
/// minted. One for the whole API suite (<see cref="ApiSuite"/>): started, migrated and given its
/// <see cref="School"/> once; the schema is dropped afterwards. Because every test shares it, a test counts
/// only what it wrote itself: in its own case's stream, or in its own <see cref="RequestTrace"/>.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string Tenant = "clarendon";
    public const string OtherTenant = "rainow";

    private readonly ECDsa _key = DevelopmentTokens.LoadOrCreateKey(DevelopmentTokens.ResolveKeyPath(null));
    private IAlbaHost? _host;
    private readonly string _connectionString;
    private readonly IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();

    public ApiFixture() : this(TestDatabase.ServiceConnectionString)
    {
    }

    private readonly Action<IServiceCollection>? _services;

    /// <summary>A host of its own on another way to the database (the outage tests' forwarder).</summary>
    internal ApiFixture(string connectionString) => _connectionString = connectionString;

    /// <summary>A host of its own with services added (a receiver of the messages it sends: the deadline tests').</summary>
    internal ApiFixture(Action<IServiceCollection> services) : this(TestDatabase.ServiceConnectionString) => _services = services;

    /// <summary>A host of its own with settings of its own (a master key file, ADR 40).</summary>
    internal ApiFixture(IReadOnlyDictionary<string, string> settings) : this(TestDatabase.ServiceConnectionString) => _settings = settings;

    public string Schema { get; } = "api_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>This service's erasure log (ADR 40), a file of its own.</summary>
    public string ErasureLogFile { get; } = Path.Combine(Path.GetTempPath(), $"casework-erasures-{Guid.NewGuid():N}");

    /// <summary>The running service, for Alba scenarios.</summary>
    public IAlbaHost Host => _host ?? throw new InvalidOperationException("The API host has not started.");

    public IServiceProvider Services => Host.Services;

    /// <summary>The service's clock: tests move it on instead of sleeping, and hold it to know an instant exactly (ADR 18).</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Every span the service finished, in the order they ended.</summary>
    public CollectedSpans Spans { get; } = new();

    public CollectedLogs Logs { get; } = new();

    /// <summary>The metrics the service exported, once its meter provider is flushed.</summary>
    public List<Metric> Metrics { get; } = [];

    public async Task InitializeAsync()
    {
        // As scripts/run.sh does: migrate as the schema's owner, then start the service as its own role.
        await TestDatabase.MigrateAsync(Schema);
        await StartAsync();
        await School.SeedAsync(this);
        await School.SeedAsync(this, OtherTenant);
    }

    /// <summary>Stops the service and starts another on the same schema: a restart, with what the first stored kept.</summary>
    public async Task RestartAsync()
    {
        await _host!.DisposeAsync();
        _host = null;
        await StartAsync();
    }

    private async Task StartAsync()
    {
        _host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Casework", _connectionString);
            builder.UseSetting("Casework:Schema", Schema);
            builder.UseSetting("Casework:ErasureLogFile", ErasureLogFile);
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
            // What the service emits, kept for the telemetry tests: spans through OpenTelemetry, and every log line.
            builder.ConfigureServices(services => services
                .AddSingleton<TimeProvider>(Clock)
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans))
                .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics)));
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            if (_services is not null)
            {
                builder.ConfigureServices(_services);
            }
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _key.Dispose();
        File.Delete(ErasureLogFile);
        await TestDatabase.DropSchemaAsync(Schema);
    }

    /// <summary>A client of the in-process server, with no token.</summary>
    public HttpClient CreateClient() => Host.Server.CreateClient();

    /// <summary>A development token naming this user, tenant(s) (by default <see cref="Tenant"/>) and role(s).</summary>
    public string TokenFor(Guid user, IReadOnlyList<string> roles, params string[] tenants) =>
        DevelopmentTokens.Mint(_key, new DevelopmentTokenRequest(
            user, "Test " + string.Join("/", roles), tenants.Length == 0 ? [Tenant] : tenants, roles, TimeSpan.FromMinutes(30)), Clock.GetUtcNow());

    /// <summary>A client whose token gives this display name (as an identity provider might), in <see cref="Tenant"/>.</summary>
    public HttpClient ClientNamed(Guid user, string name, string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentTokens.Mint(_key,
            new DevelopmentTokenRequest(user, name, [Tenant], [role], TimeSpan.FromMinutes(30)), Clock.GetUtcNow()));
        return client;
    }

    /// <summary>A client whose token names this user, tenant(s) and role(s).</summary>
    public HttpClient ClientFor(Guid user, string role, params string[] tenants) => ClientFor(user, [role], tenants);

    public HttpClient ClientFor(Guid user, IReadOnlyList<string> roles, params string[] tenants)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(user, roles, tenants));
        return client;
    }

    /// <summary>The cipher the service opens a case's content with (ADR 28), to read what was stored as the service reads it.</summary>
    public async Task<ContentCipher> ContentOfAsync(Guid caseId, string tenant = Tenant)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().QuerySession(tenant);
        return await Services.GetRequiredService<ContentKeys>().ForCaseAsync(session, caseId, default);
    }

    /// <summary>Reads this suite's schema directly, as its owner (for asserting what was stored).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString + ";Search Path=" + Schema);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// Every API test class (and the store guarantees, which use the same host) shares one <see cref="ApiFixture"/>:
/// start-up, migrations and the school's seeding happen once. xunit runs the tests of one collection one
/// at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiSuite : ICollectionFixture<ApiFixture>
{
    public const string Name = "API";
}

/// <summary>JSON as the API writes it.</summary>
public static class ApiJson
{
    public static Task<T?> ReadAsync<T>(this HttpContent content) => content.ReadFromJsonAsync<T>(CaseworkJson.Options);
}
