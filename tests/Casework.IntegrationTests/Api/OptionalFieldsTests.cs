using Casework.Cases;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Optional means optional in the server as in the OpenAPI document (issue 15, item 3): a member the document does
/// not list as <c>required</c> may be left out of the body, and a nullable member is never listed as required.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class OptionalFieldsTests(ApiFixture api)
{
    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await ClientWithToken(api, null).GetStringAsync("/swagger/v1/swagger.json")).RootElement.Clone();

    /// <summary>Reports and case actions: every POST under /api that reads a body, but the administrator's and auditor's.</summary>
    private IEnumerable<MappedRoute> ReportsAndActions() => Routes(api).Where(r => r.Method == "POST" && r.RequestType is not null
        && r.Pattern.StartsWith("/api/", StringComparison.Ordinal)
        && !r.Pattern.StartsWith("/api/directory", StringComparison.Ordinal) && !r.Pattern.StartsWith("/api/audit", StringComparison.Ordinal));

    private static string OpenApiPath(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(?<name>[^}:?=]+)[?]?(:[^}=]+)?(=[^}]*)?\}", "{${name}}");

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        return schema;
    }

    /// <summary>The example with only what the schema lists as required, in nested objects and lists of them too.</summary>
    private static JsonNode? OnlyRequired(JsonElement schemas, JsonElement schema, JsonNode? example)
    {
        schema = Resolve(schemas, schema);
        switch (example)
        {
            case JsonObject body when schema.TryGetProperty("properties", out var properties):
                var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
                var kept = new JsonObject();
                foreach (var (name, value) in body)
                {
                    if (required.Contains(name) && properties.TryGetProperty(name, out var property))
                    {
                        kept[name] = OnlyRequired(schemas, property, value);
                    }
                }
                return kept;
            case JsonArray list when schema.TryGetProperty("items", out var items):
                return new JsonArray([.. list.Select(item => OnlyRequired(schemas, items, item))]);
            default:
                return example?.DeepClone();
        }
    }

    [Fact]
    public async Task Every_report_and_action_sent_with_only_its_required_fields_is_never_refused_for_a_missing_field()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var routes = ReportsAndActions().ToList();
        Assert.Contains(routes, r => r.Pattern == "/api/concerns");
        Assert.Contains(routes, r => r.Action == "refer-to-police");
        var client = api.ClientFor(School.Dsl, [Role.Dsl.Name(), Role.Staff.Name()]);
        var refused = new List<string>();

        foreach (var route in routes)
        {
            var schema = document.GetProperty("paths").GetProperty(OpenApiPath(route.Pattern)).GetProperty("post")
                .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            var body = (JsonObject)OnlyRequired(schemas, schema, route.ExampleBody())!;
            // A case action on a case that does not exist: read the body first, so a missing field is a 400, else a 404.
            var response = await client.SendAsync(route.Request(body: body));
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                refused.Add($"{route} {body.ToJsonString()}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(refused.Count == 0, "refused with only the fields the document requires:\n" + string.Join("\n", refused));
    }

    [Fact]
    public async Task The_document_never_lists_a_nullable_request_member_as_required()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var wrong = new List<string>();

        foreach (var schema in schemas.EnumerateObject().Where(s => s.Value.TryGetProperty("required", out _) && s.Value.TryGetProperty("properties", out _)))
        {
            foreach (var name in schema.Value.GetProperty("required").EnumerateArray().Select(n => n.GetString()!))
            {
                if (schema.Value.GetProperty("properties").TryGetProperty(name, out var property)
                    && property.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean())
                {
                    wrong.Add($"{schema.Name}.{name}");
                }
            }
        }

        Assert.True(wrong.Count == 0, "nullable but required:\n" + string.Join("\n", wrong));
        // Where something happened is any of a description, a platform and a URL: none of them is required on its own.
        Assert.False(schemas.GetProperty("Place").TryGetProperty("required", out var placeRequired) && placeRequired.GetArrayLength() > 0);
        Assert.Contains("account", schemas.GetProperty("ReportConcernRequest").GetProperty("required").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task A_concern_online_with_only_a_platform_under_where_is_recorded_and_the_timeline_says_where()
    {
        var body = $$$"""
            {"pupils":[{"pupilId":"{{{School.Year8Pupil}}}","role":"victim"}],"category":"cyberbullying",
             "account":"Names called in a private group chat.","occurredAt":"{{{DateTimeOffset.UtcNow.AddHours(-2):O}}}",
             "where":{"platform":"WhatsApp"}}
            """;

        var response = await api.ClientFor(School.Teacher, Role.Staff.Name())
            .PostAsync("/api/concerns", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadAsync<Casework.Cases.CaseView>())!.Id;
        var reported = (await CaseClient.Timeline(api.ClientFor(School.Dsl, Role.Dsl.Name()), id)).Single(e => e.Type == "concern-reported");
        Assert.Contains("; where: WhatsApp:", reported.What);
    }

    [Fact]
    public async Task A_place_with_nothing_in_it_is_refused_naming_the_field()
    {
        var body = $$$"""
            {"pupils":[{"pupilId":"{{{School.Year8Pupil}}}","role":"victim"}],"category":"cyberbullying",
             "account":"Names called in a private group chat.","occurredAt":"{{{DateTimeOffset.UtcNow.AddHours(-2):O}}}",
             "where":{"platform":" "}}
            """;

        var response = await api.ClientFor(School.Teacher, Role.Staff.Name())
            .PostAsync("/api/concerns", new StringContent(body, Encoding.UTF8, "application/json"));

        AssertNamesField(await ProblemAsync(response, (HttpStatusCode)422), "where");
    }
}
