using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Casework.Auth;
using Casework.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>One mapped route of the running app, as the security tests enumerate them.</summary>
public sealed partial record MappedRoute(string Method, string Pattern, Type? RequestType)
{
    /// <summary>Routes on one case: the case id is the <c>{id}</c> right after <c>/api/cases/</c>.</summary>
    public bool IsCaseRoute => Pattern.StartsWith("/api/cases/{id", StringComparison.Ordinal);

    public bool IsCaseAction => IsCaseRoute && Method == "POST";

    public bool IsOpen => Pattern.StartsWith("/health/", StringComparison.Ordinal) || Pattern.StartsWith("/swagger", StringComparison.Ordinal);

    /// <summary>
    /// The console's files and its Development sign-in: web pages, not the API (ConsoleHostingTests). Beside /console, the
    /// static files of packages (/_content/...), the JavaScript modules' manifest and, in Development, the static files'
    /// own catch-all are served at the root by ASP.NET Core's static assets.
    /// </summary>
    public bool IsConsole => Pattern is "/" or "/console" or "/{**path:file}"
        || Pattern.StartsWith("/console/", StringComparison.Ordinal) || Pattern.StartsWith("/_content/", StringComparison.Ordinal)
        || (Pattern.StartsWith("/Casework.", StringComparison.Ordinal) && Pattern.Contains(".modules.json", StringComparison.Ordinal));

    /// <summary>The action name of <c>POST /api/cases/{id}/&lt;action&gt;</c>.</summary>
    public string Action => Pattern[(Pattern.LastIndexOf('/') + 1)..];

    /// <summary>A concrete URL: <paramref name="caseId"/> for a case route's id, a fresh GUID for other GUID parameters, "x" for the rest.</summary>
    public string Url(Guid? caseId = null) => Parameter().Replace(Pattern, m =>
        IsCaseRoute && m.Groups["name"].Value == "id" ? (caseId ?? Guid.NewGuid()).ToString()
        : m.Groups["constraint"].Value.Contains("guid", StringComparison.OrdinalIgnoreCase) ? Guid.NewGuid().ToString()
        : m.Groups["constraint"].Value.Contains("int", StringComparison.OrdinalIgnoreCase) ? "1"
        : "x");

    /// <summary>The request type's static <c>Example</c> as the API reads it (null when the route takes no body).</summary>
    public JsonObject? ExampleBody()
    {
        if (RequestType is null)
        {
            return null;
        }
        var example = RequestType.GetProperty("Example", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        return example is null ? [] : JsonSerializer.SerializeToNode(example, RequestType, CaseworkJson.Options)!.AsObject();
    }

    /// <summary>A request with the example body (if any) and, for a case action, the If-Match given.</summary>
    public HttpRequestMessage Request(Guid? caseId = null, string? ifMatch = "\"1\"", JsonObject? body = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url(caseId));
        body ??= ExampleBody();
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        if (IsCaseAction && ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    public override string ToString() => $"{Method} {Pattern}";

    [GeneratedRegex(@"\{(?<name>[^}:?=*]+)[?]?(?::(?<constraint>[^}=]+))?(?:=[^}]*)?\}")]
    private static partial Regex Parameter();
}

/// <summary>What the security tests share: the route table, tokens of every kind, reports and counts.</summary>
public static class AuthorizationKit
{
    public static readonly string[] AllRoles =
        [Role.Staff.Name(), Role.Dsl.Name(), Role.Headteacher.Name(), Role.ChairOfGovernors.Name(),
         Role.LadoLiaison.Name(), Role.Auditor.Name(), Role.Admin.Name()];

    /// <summary>Every route of the API, one entry per method, read from the app's EndpointDataSource at run time: all but the console's.</summary>
    public static IReadOnlyList<MappedRoute> Routes(ApiFixture api) => [.. AllRoutes(api).Where(r => !r.IsConsole)];

    /// <summary>Every route the app maps, the console's too.</summary>
    public static IReadOnlyList<MappedRoute> AllRoutes(ApiFixture api) =>
    [
        .. api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new MappedRoute(m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)))
            .Distinct()
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal),
    ];

    /// <summary>A token signed with the development key the app trusts, issued at <paramref name="issuedAt"/>.</summary>
    public static string Token(Guid user, IReadOnlyList<string> roles, IReadOnlyList<string> tenants, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        using var key = DevelopmentTokens.LoadOrCreateKey(DevelopmentTokens.ResolveKeyPath(null));
        return DevelopmentTokens.Mint(key, new DevelopmentTokenRequest(user, "Test user", tenants, roles, lifetime), issuedAt);
    }

    /// <summary>Well formed and unexpired, with the development kid, but signed by a key the app has never seen.</summary>
    public static string ForgedToken(Guid user, string role, string tenant)
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return DevelopmentTokens.Mint(stranger, new DevelopmentTokenRequest(user, "Mallory", [tenant], [role], TimeSpan.FromMinutes(30)), DateTimeOffset.UtcNow);
    }

    public static HttpClient ClientWithToken(ApiFixture api, string? token)
    {
        var client = api.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public static HttpClient Staff(ApiFixture api, Guid user) => api.ClientFor(user, Role.Staff.Name());

    public static object ConcernBody(Guid pupil, DateTimeOffset? occurredAt = null) => new
    {
        pupils = new[] { new { pupilId = pupil, role = "victim" } },
        category = "cyberbullying",
        account = "Messages in a group chat telling her to leave the school.",
        occurredAt = occurredAt ?? DateTimeOffset.UtcNow.AddHours(-3),
    };

    /// <summary>The teacher reports a concern about the Year 8 pupil; the case id.</summary>
    public static async Task<Guid> ReportConcernAsync(ApiFixture api, Guid? reporter = null, string tenant = ApiFixture.Tenant)
    {
        var response = await api.ClientFor(reporter ?? School.Teacher, Role.Staff.Name(), tenant)
            .PostAsJsonAsync("/api/concerns", ConcernBody(School.Year8Pupil));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static HttpRequestMessage Triage(Guid caseId, string? ifMatch = "\"1\"", string risk = "medium", string rationale = "Peers named; parents to be told.")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/triage")
        {
            Content = JsonContent.Create(new { risk, rationale }),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    public static Task<long> StreamEventCountAsync(ApiFixture api, Guid stream) =>
        api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{stream}'");

    /// <summary>Access-log rows naming this case: the reads that showed it.</summary>
    public static Task<long> AccessLogCountAsync(ApiFixture api, Guid caseId) =>
        api.ScalarAsync<long>($"select count(*) from mt_doc_case_reads where cases @> array['{caseId}'::uuid]");

    /// <summary>The body of a problem response, after checking it is RFC 9457 problem details with the status.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string context = "")
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            throw new XunitException($"{context} expected {(int)status} but was {(int)response.StatusCode}: {text}");
        }
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{context} {(int)status} should be application/problem+json but was '{response.Content.Headers.ContentType}': {text}");
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The 400 names <paramref name="field"/> in <c>errors</c>.</summary>
    public static void AssertNamesField(JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object,
            $"a 400 must carry errors per field: {problem}");
        var names = errors.EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(names.Contains(field, StringComparer.OrdinalIgnoreCase), $"errors should name '{field}' but named [{string.Join(", ", names)}]: {problem}");
    }

    public static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}";
}
