using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Casework.Auth;
using Casework.IntegrationTests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Casework.Cases;

namespace Casework.IntegrationTests.OpenApi;

/// <summary>
/// The service on Kestrel with Stoplight Prism in front of it as a validating proxy (from npm), as an outside
/// client's traffic would meet it: every answer must be declared by the OpenAPI document for its route and
/// match its schema. Prism reports what does not in the <c>sl-violations</c> header.
/// </summary>
public sealed class ProxiedService : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly ECDsa _key = DevelopmentTokens.LoadOrCreateKey(DevelopmentTokens.ResolveKeyPath(null));
    private Process? _prism;

    public string Schema { get; } = TestDatabase.NewSchema("prism");

    public ProxiedService() => UseKestrel(0);

    public HttpClient Proxy { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Casework", TestDatabase.ServiceConnectionString);
        builder.UseSetting("Casework:Schema", Schema);
    }

    public string Token(Guid user, string role, string tenant = ApiFixture.Tenant) =>
        DevelopmentTokens.Mint(_key, new DevelopmentTokenRequest(user, "Test " + role, [tenant], [role], TimeSpan.FromMinutes(30)), DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        await TestDatabase.MigrateAsync(Schema);
        StartServer();
        using var direct = CreateClient();
        var document = Path.Combine(Path.GetTempPath(), $"casework-{Schema}.json");
        await File.WriteAllTextAsync(document, await direct.GetStringAsync("/swagger/v1/swagger.json"));

        var port = FreePort();
        _prism = Process.Start(new ProcessStartInfo("npx",
            ["--yes", "@stoplight/prism-cli@5.16.0", "proxy", document, direct.BaseAddress!.ToString().TrimEnd('/'), "--host", "127.0.0.1", "--port", port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _prism.OutputDataReceived += (_, _) => { };
        _prism.ErrorDataReceived += (_, _) => { };
        _prism.BeginOutputReadLine();
        _prism.BeginErrorReadLine();
        Proxy = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        // npx may first fetch Prism from the registry: wait for it to answer, a bounded time.
        var until = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            try
            {
                if ((await Proxy.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until && !_prism.HasExited)
            {
            }
            if (DateTime.UtcNow >= until || _prism.HasExited)
            {
                throw new InvalidOperationException("Prism did not start (npx @stoplight/prism-cli).");
            }
            await Task.Delay(500);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_prism is { HasExited: false })
        {
            _prism.Kill(entireProcessTree: true);
        }
        Proxy?.Dispose();
        await DisposeAsync();
        _key.Dispose();
        await TestDatabase.DropSchemaAsync(Schema);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class OpenApiTruthTests(ProxiedService service) : IClassFixture<ProxiedService>
{
    private readonly List<string> _violations = [];
    private readonly HashSet<int> _statuses = [];

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token, string? json = null,
        string? ifMatch = null, string? tenant = null, string contentType = "application/json", string? accept = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (tenant is not null)
        {
            request.Headers.Add("X-Casework-Tenant", tenant);
        }
        var response = await service.Proxy.SendAsync(request);
        _statuses.Add((int)response.StatusCode);
        if (response.Headers.TryGetValues("sl-violations", out var found))
        {
            // Requests that are wrong on purpose are the point of half of this traffic: only the answers must conform.
            foreach (var violation in JsonDocument.Parse(string.Join("", found)).RootElement.EnumerateArray()
                         .Where(v => v.GetProperty("location")[0].GetString() == "response"))
            {
                _violations.Add($"{method} {path} -> {(int)response.StatusCode}: {violation.GetProperty("message").GetString()}");
            }
        }
        return response;
    }

    private static string Concern(Guid pupil) =>
        $$"""{"pupils":[{"pupilId":"{{pupil}}","role":"victim"}],"category":"cyberbullying","account":"Messages in a group chat.","occurredAt":"{{DateTimeOffset.UtcNow.AddHours(-2):O}}"}""";

    [Fact]
    public async Task Every_answer_an_outside_client_gets_is_declared_by_the_document_with_its_schema()
    {
        var admin = service.Token(School.Admin, Role.Admin.Name());
        var dsl = service.Token(School.Dsl, Role.Dsl.Name());
        var teacher = service.Token(School.Teacher, Role.Staff.Name());
        var head = service.Token(School.Headteacher, Role.Headteacher.Name());
        var pupil = Guid.NewGuid();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Health, anonymous
        await Send(HttpMethod.Get, "/health/live", null);
        await Send(HttpMethod.Get, "/health/ready", null);

        // Directory: the admin, everyone else, bad input, the bulk import
        await Send(HttpMethod.Put, $"/api/directory/staff/{School.Headteacher}", admin, """{"name":"Hari Head","roles":["headteacher","staff"]}""");
        await Send(HttpMethod.Put, $"/api/directory/staff/{School.Teacher}", admin, """{"name":"Tom Teacher","roles":["staff"]}""");
        await Send(HttpMethod.Put, $"/api/directory/pupils/{pupil}", admin, $$"""{"name":"Amira Khan","dateOfBirth":"{{today.AddYears(-12):yyyy-MM-dd}}","yearGroup":7}""");
        await Send(HttpMethod.Put, $"/api/directory/pupils/{pupil}", admin, """{"name":"Amira Khan","dateOfBirth":"tomorrow","yearGroup":7}""");
        await Send(HttpMethod.Put, $"/api/directory/pupils/{pupil}", admin, """{"name":"Amira Khan","dateOfBirth":"2014-01-01","yearGroup":7}""", ifMatch: "\"9\"");
        await Send(HttpMethod.Put, $"/api/directory/pupils/{pupil}", dsl, """{"name":"Amira Khan","dateOfBirth":"2014-01-01","yearGroup":7}""");
        await Send(HttpMethod.Put, "/api/directory/pupils/not-a-guid", admin, """{"name":"Amira Khan","dateOfBirth":"2014-01-01","yearGroup":7}""");
        await Send(HttpMethod.Get, "/api/directory/pupils?limit=2", admin);
        await Send(HttpMethod.Get, "/api/directory/staff?limit=abc", admin);
        await Send(HttpMethod.Post, "/api/directory/import", admin, $$$"""{"people":[{"id":"{{{Guid.NewGuid()}}}","pupil":{"name":"Ben","dateOfBirth":"2014-01-01","yearGroup":7}}]}""");
        await Send(HttpMethod.Post, "/api/directory/import", admin, $$"""{"people":[{"id":"{{Guid.NewGuid()}}"}]}""");
        await Send(HttpMethod.Delete, $"/api/directory/parents/{Guid.NewGuid()}", admin);
        await Send(HttpMethod.Get, "/api/directory/names?kind=pupil&search=Ami", teacher);
        await Send(HttpMethod.Get, $"/api/directory/names?id={pupil}&id={School.Teacher}", dsl);
        await Send(HttpMethod.Get, "/api/directory/names?kind=governor", teacher);

        // Reports: created, refused by a rule, malformed, not JSON, without a token, with a tenant not in the token
        var created = await Send(HttpMethod.Post, "/api/concerns", teacher, Concern(pupil));
        var concern = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        await Send(HttpMethod.Post, "/api/concerns", teacher, Concern(Guid.NewGuid()));
        await Send(HttpMethod.Post, "/api/concerns", teacher, """{"pupils":[],"category":"cyberbullying"}""");
        await Send(HttpMethod.Post, "/api/concerns", teacher, "pupils=1", contentType: "text/plain");
        await Send(HttpMethod.Post, "/api/concerns", null, Concern(pupil));
        await Send(HttpMethod.Post, "/api/concerns", teacher, Concern(pupil), tenant: ApiFixture.OtherTenant);
        await Send(HttpMethod.Post, "/api/allegations", teacher,
            $$"""{"subjectId":"{{School.Headteacher}}","account":"Seen messaging a pupil at night.","occurredAt":"{{DateTimeOffset.UtcNow.AddHours(-1):O}}","indecentImagesFound":false,"unsuitableMaterialFound":false}""");

        // The case: view, timeline and its exports, time travel, the register, someone who may not see it
        await Send(HttpMethod.Get, $"/api/cases/{concern}", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}", teacher);
        await Send(HttpMethod.Get, $"/api/cases/{concern}", head);
        await Send(HttpMethod.Get, $"/api/cases/{concern}?asOf=yesterday", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}", dsl, tenant: ApiFixture.OtherTenant);
        await Send(HttpMethod.Get, $"/api/cases/{concern}/timeline", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}/timeline?format=pdf", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}/timeline?format=pdf&sharedWith=LADO&why=Strategy%20meeting.", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}/timeline?format=csv&sharedWith=LADO&why=Strategy%20meeting.", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}/timeline?sharedWith=LADO&why=Strategy%20meeting.", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}/timeline?format=pdf&sharedWith=LADO&why=Strategy%20meeting.", teacher);
        await Send(HttpMethod.Get, $"/api/cases/{concern}/timeline?format=xml", dsl);
        await Send(HttpMethod.Get, $"/api/cases/{concern}/timeline", dsl, accept: "application/xml");
        await Send(HttpMethod.Get, $"/api/pupils/{pupil}/chronology?limit=2", dsl);
        await Send(HttpMethod.Get, $"/api/pupils/{pupil}/chronology?after=x", dsl);
        await Send(HttpMethod.Get, $"/api/pupils/{pupil}/chronology", teacher);
        await Send(HttpMethod.Get, $"/api/pupils/{Guid.NewGuid()}/chronology", dsl);
        await Send(HttpMethod.Get, "/api/cases?limit=2", dsl);
        await Send(HttpMethod.Get, "/api/cases?kind=burglary", dsl);
        await Send(HttpMethod.Get, "/api/registers/dsl-queue?limit=2", dsl);
        await Send(HttpMethod.Get, "/api/registers/allegations", head);
        await Send(HttpMethod.Get, "/api/registers/low-level-concerns", head);
        await Send(HttpMethod.Get, "/api/registers/overdue?kind=burglary", dsl);
        await Send(HttpMethod.Get, "/api/registers/social-care-referrals", teacher);

        // Actions: no If-Match, a malformed one, a rule broken, the reporter, done, stale
        const string triage = """{"risk":"high","rationale":"Sustained group bullying."}""";
        await Send(HttpMethod.Post, $"/api/cases/{concern}/triage", dsl, triage);
        await Send(HttpMethod.Post, $"/api/cases/{concern}/triage", dsl, triage, ifMatch: "\"01\"");
        await Send(HttpMethod.Post, $"/api/cases/{concern}/triage", dsl, """{"risk":"high","rationale":" "}""", ifMatch: "\"1\"");
        await Send(HttpMethod.Post, $"/api/cases/{concern}/triage", dsl, """{"risk":"high","risk":"low","rationale":"x"}""", ifMatch: "\"1\"");
        await Send(HttpMethod.Post, $"/api/cases/{concern}/triage", teacher, triage, ifMatch: "\"1\"");
        await Send(HttpMethod.Post, $"/api/cases/{concern}/triage", head, triage, ifMatch: "\"1\"");
        await Send(HttpMethod.Post, $"/api/cases/{concern}/triage", dsl, triage, ifMatch: "\"1\"");
        await Send(HttpMethod.Post, $"/api/cases/{concern}/triage", dsl, triage, ifMatch: "\"1\"");
        await Send(HttpMethod.Post, $"/api/cases/{concern}/close", dsl, """{"summary":"Resolved.","rationale":"Parents met; bullying stopped."}""", ifMatch: "\"2\"");
        await Send(HttpMethod.Post, $"/api/cases/{Guid.NewGuid()}/add-note", dsl, """{"text":"x"}""", ifMatch: "\"1\"");

        // Audit: the trail, the access log, a bad filter, a role that is not an auditor's, a bad replay request
        var auditor = service.Token(School.Auditor, Role.Auditor.Name());
        await Send(HttpMethod.Get, $"/api/audit/events?stream={concern}", auditor);
        await Send(HttpMethod.Get, "/api/audit/events?type=concern-deleted", auditor);
        await Send(HttpMethod.Get, "/api/audit/events?limit=1", dsl);
        await Send(HttpMethod.Get, $"/api/audit/access-log?case={concern}&limit=2", auditor);
        await Send(HttpMethod.Post, "/api/audit/replay", auditor, """{"maxDifferences":0}""");

        Assert.True(_violations.Count == 0, "Answers the document does not declare:\n" + string.Join("\n", _violations));
        // The traffic really met the statuses it is meant to prove.
        Assert.Superset(new HashSet<int> { 200, 201, 400, 401, 403, 404, 406, 409, 415, 422, 428 }, _statuses);
    }
}
