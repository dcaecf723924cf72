using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Casework.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// The service as it is deployed: on Kestrel (the request size limit is Kestrel's, which the in-memory test
/// server does not apply) and in the Production environment (where ASP.NET Core no longer throws on a bad
/// request body by default, and the development key is not trusted: tokens are signed by a configured key).
/// A host of its own, not the suite's <see cref="ApiFixture"/>: Alba (like any TestServer host) never goes
/// through Kestrel, so its body-size limit would not be tested. WebApplicationFactory can run Program itself
/// on Kestrel at 127.0.0.1 with a free port (UseKestrel(0)), with exactly the start-up the service has, which
/// a hand-built WebApplication could only copy.
/// </summary>
public sealed class BadInputDeployedFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string Schema { get; } = "api_" + Guid.NewGuid().ToString("N")[..16];

    public BadInputDeployedFixture() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Casework", TestDatabase.ServiceConnectionString);
        builder.UseSetting("Casework:Schema", Schema);
        builder.UseSetting("Casework:MasterKeyFile", TestDatabase.MasterKeyFile);
        builder.UseSetting("Casework:ErasureLogFile", TestDatabase.MasterKeyFile + ".erasures");
        builder.UseSetting("Authentication:Issuer", DevelopmentTokens.Issuer);
        builder.UseSetting("Authentication:Audience", DevelopmentTokens.Audience);
        builder.UseSetting("Authentication:Keys:0:Kid", DevelopmentTokens.Kid);
        builder.UseSetting("Authentication:Keys:0:Pem", _key.ExportSubjectPublicKeyInfoPem());
    }

    public HttpClient ClientFor(Guid user, string role)
    {
        var client = CreateClient();
        // Within the idle sign-in limit, which Production holds every token to (ADR 31).
        var token = DevelopmentTokens.Mint(_key, new DevelopmentTokenRequest(user, "Test", [ApiFixture.Tenant], [role], TimeSpan.FromMinutes(10)), DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<long> EventCountAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString + ";Search Path=" + Schema);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task InitializeAsync()
    {
        await TestDatabase.MigrateAsync(Schema);
        StartServer();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _key.Dispose();
        await TestDatabase.DropSchemaAsync(Schema);
    }
}

public sealed class BadInputOverKestrelTests(BadInputDeployedFixture app) : IClassFixture<BadInputDeployedFixture>
{
    private const int Limit = 256 * 1024;

    private static string Report(int padding) =>
        $$"""{"pupils":[{"pupilId":"{{School.Year8Pupil}}","role":"victim"}],"category":"other","account":"{{new string('a', padding)}}","occurredAt":"{{DateTimeOffset.UtcNow.AddHours(-1):O}}"}""";

    [Fact]
    public void The_deployed_fixture_really_runs_on_kestrel()
    {
        using var client = app.CreateClient();
        Assert.Equal("http", client.BaseAddress!.Scheme);
        Assert.NotEqual(80, client.BaseAddress.Port);
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_413_and_stores_nothing()
    {
        var events = await app.EventCountAsync();
        var body = Report(Limit + 1);
        Assert.True(Encoding.UTF8.GetByteCount(body) > Limit);

        var response = await app.ClientFor(School.Teacher, Role.Staff.Name())
            .PostAsync("/api/concerns", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_chunked_body_over_256_KiB_is_413_and_stores_nothing()
    {
        var events = await app.EventCountAsync();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Report(Limit + 1))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/concerns") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await app.ClientFor(School.Teacher, Role.Staff.Name()).SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_refused_before_authentication_matters()
    {
        // Without a token the answer is 401 or 413, never a read of a quarter megabyte into a handler.
        var response = await app.CreateClient().PostAsync("/api/concerns", new StringContent(Report(Limit + 1), Encoding.UTF8, "application/json"));
        Assert.Contains((int)response.StatusCode, new[] { 401, 413 });
    }


    [Fact]
    public async Task In_production_an_unknown_enum_value_is_still_400_naming_the_field()
    {
        var body = Report(10).Replace("\"other\"", "\"bullying-ish\"", StringComparison.Ordinal);

        var response = await app.ClientFor(School.Teacher, Role.Staff.Name()).PostAsync("/api/concerns", new StringContent(body, Encoding.UTF8, "application/json"));

        AssertNamesField(await ProblemAsync(response, HttpStatusCode.BadRequest), "category");
    }

    [Fact]
    public async Task In_production_a_missing_field_is_still_400_naming_the_field()
    {
        var body = """{"pupils":[],"category":"other","occurredAt":"2025-01-01T00:00:00Z"}""";

        var response = await app.ClientFor(School.Teacher, Role.Staff.Name()).PostAsync("/api/concerns", new StringContent(body, Encoding.UTF8, "application/json"));

        AssertNamesField(await ProblemAsync(response, HttpStatusCode.BadRequest), "account");
    }

    [Fact]
    public async Task In_production_a_malformed_body_is_still_a_400_problem_and_stores_nothing()
    {
        var events = await app.EventCountAsync();

        var response = await app.ClientFor(School.Teacher, Role.Staff.Name()).PostAsync("/api/concerns", new StringContent("{\"pupils\": [", Encoding.UTF8, "application/json"));

        await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(events, await app.EventCountAsync());
    }

    [Fact]
    public async Task In_production_the_development_key_is_not_trusted()
    {
        var token = Token(School.Dsl, [Role.Dsl.Name()], [ApiFixture.Tenant], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync($"/api/cases/{Guid.NewGuid()}");

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
