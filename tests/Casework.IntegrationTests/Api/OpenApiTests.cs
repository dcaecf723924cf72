using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Casework.Http;
using static Casework.IntegrationTests.Api.AuthorizationKit;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document is the contract (API.md): every mapped route is in it, every command has its own
/// request schema, and every request schema carries an example the API itself accepts.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed partial class OpenApiTests(ApiFixture api)
{

    private async Task<JsonElement> DocumentAsync()
    {
        // Anonymous: the document and Swagger UI are open like /health.
        var response = await ClientWithToken(api, null).GetAsync("/swagger/v1/swagger.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /swagger/v1/swagger.json: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string OpenApiPath(string pattern) => Constraint().Replace(pattern, "{${name}}");

    [GeneratedRegex(@"\{(?<name>[^}:?=]+)[?]?(:[^}=]+)?(=[^}]*)?\}")]
    private static partial Regex Constraint();

    [Fact]
    public async Task The_document_is_valid_json_with_openapi_3()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.Equal("v1", document.GetProperty("info").GetProperty("version").GetString());
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out var bearer));
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
    }

    /// <summary>
    /// Issue 15: the console shows a route's summary above its form, so a summary is plain words; who may act and the rule
    /// codes (R1–R15) and decision records belong in its description, for developers.
    /// </summary>
    [Fact]
    public async Task Every_summary_is_in_plain_words_without_rule_codes_or_decision_records()
    {
        var coded = new List<string>();
        foreach (var path in (await DocumentAsync()).GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.TryGetProperty("summary", out var summary) && RuleCode().IsMatch(summary.GetString()!))
                {
                    coded.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: {summary.GetString()}");
                }
            }
        }
        Assert.True(coded.Count == 0, "summaries with codes:\n" + string.Join("\n", coded));
    }

    [GeneratedRegex(@"\bR\d{1,2}\b|\bADR\b|\bS\d\b")]
    private static partial Regex RuleCode();

    [Fact]
    public async Task Every_mapped_route_appears_in_the_document()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        var missing = new List<string>();

        foreach (var route in Routes(api))
        {
            var path = OpenApiPath(route.Pattern);
            if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(route.Method.ToLowerInvariant(), out _))
            {
                missing.Add($"{route.Method} {path}");
            }
        }

        Assert.True(missing.Count == 0, "mapped but not documented:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task Every_command_route_has_its_own_request_schema_with_an_example_the_api_accepts()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var commands = Routes(api).Where(r => r.Method is "POST" or "PUT" && r.Pattern.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.Contains(commands, r => r.Action == "triage");
        var owners = new Dictionary<string, string>();
        var failures = new List<string>();

        foreach (var route in commands)
        {
            var operation = document.GetProperty("paths").GetProperty(OpenApiPath(route.Pattern)).GetProperty(route.Method.ToLowerInvariant());
            if (!operation.TryGetProperty("requestBody", out var body)
                || !body.GetProperty("content").TryGetProperty("application/json", out var json)
                || !json.GetProperty("schema").TryGetProperty("$ref", out var reference))
            {
                failures.Add($"{route}: no application/json request body with a $ref schema");
                continue;
            }
            var name = reference.GetString()!.Split('/')[^1];
            if (owners.TryGetValue(name, out var other) && route.IsCaseAction)
            {
                failures.Add($"{route}: shares request schema {name} with {other}");
            }
            owners.TryAdd(name, route.ToString());

            var schema = schemas.GetProperty(name);
            JsonElement? example = schema.TryGetProperty("example", out var single) ? single
                : schema.TryGetProperty("examples", out var many) && many.ValueKind == JsonValueKind.Array && many.GetArrayLength() > 0 ? many[0]
                : null;
            if (example is null)
            {
                failures.Add($"{route}: request schema {name} has no example");
                continue;
            }
            try
            {
                // The example is read exactly as a request: strictly, so a stale example fails here.
                Assert.NotNull(route.RequestType);
                Assert.NotNull(JsonSerializer.Deserialize(example.Value.GetRawText(), route.RequestType!, CaseworkJson.Options));
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                failures.Add($"{route}: the example of {name} is not accepted by the API: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Request_texts_show_their_limits_as_max_length()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        Assert.Equal(20_000, Property(schemas, "ReportConcernRequest", "account").GetProperty("maxLength").GetInt32());
        Assert.Equal(2_000, Property(schemas, "Place", "url").GetProperty("maxLength").GetInt32());
        Assert.Equal(200, Property(schemas, "StaffMemberRequest", "name").GetProperty("maxLength").GetInt32());
        Assert.Equal(200, Property(schemas, "RecordMeetingRequest", "attendees").GetProperty("items").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task Every_text_a_request_body_holds_shows_its_limit()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var seen = new HashSet<string>();
        var pending = new Stack<string>(Routes(api).Where(r => r.Method is "POST" or "PUT" && r.RequestType is not null)
            .Select(r => document.GetProperty("paths").GetProperty(OpenApiPath(r.Pattern)).GetProperty(r.Method.ToLowerInvariant()))
            .Select(o => o.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!));
        var unlimited = new List<string>();

        while (pending.TryPop(out var reference))
        {
            var name = reference.Split('/')[^1];
            if (!seen.Add(name) || !schemas.GetProperty(name).TryGetProperty("properties", out var properties))
            {
                continue;
            }
            foreach (var property in properties.EnumerateObject())
            {
                var (schema, path) = IsType(property.Value, "array") ? (property.Value.GetProperty("items"), $"{name}.{property.Name}[]") : (property.Value, $"{name}.{property.Name}");
                // Free text: not an id, instant or date (those have a format), nor one of a set of values.
                if (IsType(schema, "string") && !schema.TryGetProperty("format", out _) && !schema.TryGetProperty("enum", out _)
                    && !schema.TryGetProperty("maxLength", out _))
                {
                    unlimited.Add(path);
                }
                foreach (var next in References(schema))
                {
                    pending.Push(next);
                }
            }
        }

        Assert.Contains("ReportConcernRequest", seen);
        Assert.Contains("Place", seen);
        Assert.True(unlimited.Count == 0, "texts without maxLength:\n" + string.Join("\n", unlimited));
    }

    private static JsonElement Property(JsonElement schemas, string schema, string property) =>
        schemas.GetProperty(schema).GetProperty("properties").GetProperty(property);

    // "type": "string" or, for a nullable one in OpenAPI 3.1, "type": ["string", "null"].
    private static bool IsType(JsonElement schema, string type) =>
        schema.TryGetProperty("type", out var t) && (t.ValueKind == JsonValueKind.String ? t.GetString() == type : t.EnumerateArray().Any(e => e.GetString() == type));

    // A schema's own $ref, or those it combines (a nullable reference is written as oneOf/allOf/anyOf).
    private static string[] References(JsonElement schema) =>
    [
        .. schema.TryGetProperty("$ref", out var reference) ? [reference.GetString()!] : Array.Empty<string>(),
        .. new[] { "oneOf", "allOf", "anyOf" }.Where(k => schema.TryGetProperty(k, out _)).SelectMany(k => schema.GetProperty(k).EnumerateArray()).SelectMany(References),
    ];

    /// <summary>
    /// Action names exist at the HTTP edge only: each action the deciders know (CaseAction, but for the report that
    /// opens a case) has exactly one route, named in kebab case, and the names a client uses are exactly those routes.
    /// </summary>
    [Fact]
    public void Every_case_action_has_one_route_and_the_clients_names_are_those_routes()
    {
        var routes = Routes(api).Where(r => r.IsCaseAction).Select(r => r.Pattern[(r.Pattern.LastIndexOf('/') + 1)..]).Order().ToList();
        var actions = Enum.GetValues<Casework.Cases.CaseAction>().Where(a => a != Casework.Cases.CaseAction.Report)
            .Select(Casework.Cases.CaseRoutes.RouteName).Order().ToList();
        var clients = typeof(CaseActions).GetFields().Select(f => (string)f.GetValue(null)!).Where(n => n != CaseActions.Report).Order().ToList();

        Assert.Equal(actions, routes);
        Assert.Equal(actions, clients);
        Assert.Contains("refer-to-lado", routes);
    }

    [Fact]
    public async Task Every_case_action_documents_its_refusals()
    {
        var document = await DocumentAsync();
        var failures = new List<string>();

        foreach (var route in Routes(api).Where(r => r.IsCaseAction))
        {
            var responses = document.GetProperty("paths").GetProperty(OpenApiPath(route.Pattern)).GetProperty("post").GetProperty("responses");
            var missing = new[] { "200", "400", "401", "403", "404", "409", "422", "428" }.Where(code => !responses.TryGetProperty(code, out _)).ToList();
            if (missing.Count > 0)
            {
                failures.Add($"{route}: undocumented {string.Join(", ", missing)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_case_action_has_a_distinct_request_type_with_an_example()
    {
        // The same contract read from the app's own metadata, so that it holds even while the document fails to render.
        var actions = Routes(api).Where(r => r.IsCaseAction).ToList();
        Assert.Contains(actions, r => r.Action == "triage");
        var failures = new List<string>();

        foreach (var group in actions.GroupBy(r => r.RequestType).Where(g => g.Key is null || g.Count() > 1))
        {
            failures.Add($"{string.Join(", ", group)} share request type {group.Key?.FullName ?? "(none)"}");
        }
        foreach (var route in actions.Where(r => r.RequestType is not null))
        {
            var example = route.ExampleBody();
            if (example is null || example.Count == 0)
            {
                failures.Add($"{route}: {route.RequestType!.FullName} has no static Example");
                continue;
            }
            try
            {
                JsonSerializer.Deserialize(example.ToJsonString(), route.RequestType!, CaseworkJson.Options);
            }
            catch (JsonException e)
            {
                failures.Add($"{route}: its example is not accepted: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Case_actions_are_kebab_case_verbs_one_route_each()
    {
        var actions = Routes(api).Where(r => r.IsCaseAction).ToList();

        Assert.All(actions, r => Assert.Matches("^[a-z]+(-[a-z]+)*$", r.Action));
        Assert.Equal(actions.Count, actions.Select(r => r.Action).Distinct().Count());
        Assert.DoesNotContain(actions, r => r.Action.Contains('{'));
    }

    /// <summary>
    /// The document passes a standard OpenAPI linter (Redocly's recommended rules, with the settings in
    /// redocly.yaml): written to artifacts/openapi.json and linted with npx, as a reviewer would.
    /// </summary>
    [Fact]
    public async Task The_document_passes_the_openapi_linter()
    {
        var document = await DocumentAsync();
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Casework.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }
        System.IO.Directory.CreateDirectory(Path.Combine(root, "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(root, "artifacts", "openapi.json"), document.GetRawText());

        var lint = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "npx", ["--yes", "@redocly/cli@2.77.0", "lint", "artifacts/openapi.json", "--format", "stylish"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = lint.StandardOutput.ReadToEndAsync();
        var errors = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(lint.ExitCode == 0, $"redocly lint failed:\n{await output}\n{await errors}");
        Assert.DoesNotContain("warning", (await output).ToLowerInvariant());
    }
}
