using System.Net.Http.Json;
using System.Text.Json;

namespace Casework.WebConsole;

/// <summary>How a field is entered.</summary>
public enum FieldInput { Text, LongText, DateTime, Date, Number, YesNo, Choice, Choices, Lines, Group, Rows, Person, People }

/// <summary>
/// One field of a generated form, from the property of a request schema: label, whether required, choices, limit,
/// example; for a person's id, which kind of person is picked by name; a choice's words, where its value is not words
/// (an open action chosen by what it asks, not by its id).
/// </summary>
public sealed record FieldSpec(
    string Name, FieldWords Wording, FieldInput Input, bool Required, IReadOnlyList<string> Choices, int? MaxLength, string? Example,
    IReadOnlyList<FieldSpec> Fields, string? PersonKind, IReadOnlyDictionary<string, string>? ChoiceWords = null)
{
    public string Label => Wording.Label;
}

/// <summary>The form of one route: its summary and its request schema's fields.</summary>
public sealed record ActionForm(string Title, string? Summary, IReadOnlyList<FieldSpec> Fields);

/// <summary>
/// Builds the form of each case action from the service's OpenAPI document (/swagger/v1/swagger.json), read once
/// per tab: <c>POST /api/cases/{id}/&lt;action&gt;</c>'s request schema, $refs resolved, enums as choices,
/// maxLength as the limit, the schema's example as placeholders. A field is required exactly when the schema lists it
/// as required: the service lists there what its reader requires, so the form and the API cannot disagree.
/// </summary>
public sealed class ActionForms(HttpClient http)
{
    public const string DocumentPath = "swagger/v1/swagger.json";
    private const int LongTextAbove = 300;

    private JsonDocument? _document;

    /// <summary>The form of a case action (<c>POST /api/cases/{id}/&lt;action&gt;</c>).</summary>
    public Task<ActionForm?> ActionAsync(string action, string kind, string? title = null) =>
        FormAsync($"/api/cases/{{id}}/{action}", "post", title ?? Words.Sentence(action), kind);

    /// <summary>The form of any route that takes a JSON body, e.g. <c>POST /api/concerns</c> or <c>PUT /api/directory/pupils/{id}</c>.</summary>
    /// <param name="kind">The kind of case the form acts on, if any: its summary keeps the rules that concern that kind.</param>
    public async Task<ActionForm?> FormAsync(string route, string method, string title, string? kind = null)
    {
        _document ??= JsonDocument.Parse(await http.GetStringAsync(DocumentPath));
        var root = _document.RootElement;
        if (!root.GetProperty("paths").TryGetProperty(route, out var path) || !path.TryGetProperty(method, out var post))
        {
            return null;
        }
        // The route's summary: what the form records (up to its first ';'), then only the rules of this kind of case
        // ("on an allegation before the harm threshold …" on an allegation, never on a parent's breach).
        var summary = post.TryGetProperty("summary", out var s) && s.GetString() is { } said ? Summary(said, kind) : null;
        var schema = post.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var json)
            ? Resolve(root, json.GetProperty("schema"))
            : default;
        return new(title, summary, schema.ValueKind == JsonValueKind.Object ? Fields(root, schema, route.Split('/')[^1]) : []);
    }

    private static string Summary(string said, string? kind)
    {
        var clauses = said.Split(';', StringSplitOptions.TrimEntries);
        var word = kind?.Split('-')[0];
        var kept = clauses.Take(1).Concat(clauses.Skip(1).Where(c => word is not null && c.Contains(word, StringComparison.OrdinalIgnoreCase)));
        return string.Join("; ", kept).TrimEnd('.', ' ') + ".";
    }

    private static List<FieldSpec> Fields(JsonElement root, JsonElement schema, string form)
    {
        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
        var example = schema.TryGetProperty("example", out var e) ? e : default;
        var fields = new List<FieldSpec>();
        if (!schema.TryGetProperty("properties", out var properties))
        {
            return fields;
        }
        foreach (var property in properties.EnumerateObject())
        {
            var field = Resolve(root, property.Value);
            var type = field.TryGetProperty("type", out var t) ? t.GetString() : null;
            var format = field.TryGetProperty("format", out var f) ? f.GetString() : null;
            int? maxLength = field.TryGetProperty("maxLength", out var m) ? m.GetInt32() : null;
            var choices = Enum(field);
            var items = type == "array" && field.TryGetProperty("items", out var i) ? Resolve(root, i) : default;
            var person = PersonKind(property.Name);
            if ((type, format) == ("string", "uuid") && person is null && !required.Contains(property.Name))
            {
                // An id the client may choose and the service otherwise picks (a legal hold's): never asked of a person.
                continue;
            }
            var (input, nested) = (type, format) switch
            {
                ("string", "uuid") when person is not null => (FieldInput.Person, (List<FieldSpec>?)null),
                ("array", _) when person is not null && items.ValueKind == JsonValueKind.Object && items.TryGetProperty("format", out var itemFormat) && itemFormat.GetString() == "uuid"
                    => (FieldInput.People, null),
                ("array", _) when items.ValueKind == JsonValueKind.Object && items.TryGetProperty("properties", out _) => (FieldInput.Rows, Fields(root, items, form)),
                ("string", "date-time") => (FieldInput.DateTime, null),
                ("string", "date") => (FieldInput.Date, null),
                ("string", _) when choices.Count > 0 => (FieldInput.Choice, null),
                ("string", _) => (maxLength > LongTextAbove ? FieldInput.LongText : FieldInput.Text, null),
                ("integer" or "number", _) => (FieldInput.Number, null),
                ("boolean", _) => (FieldInput.YesNo, null),
                ("array", _) when Enum(items).Count > 0 => (FieldInput.Choices, null),
                ("array", _) => (FieldInput.Lines, null),
                ("object", _) => (FieldInput.Group, Fields(root, field, form)),
                _ => (FieldInput.Text, null),
            };
            if (input == FieldInput.Choices)
            {
                choices = Enum(items);
            }
            if (input == FieldInput.Lines && items.ValueKind == JsonValueKind.Object && items.TryGetProperty("maxLength", out var itemMax))
            {
                maxLength = itemMax.GetInt32();
            }
            // The document lists what the API requires (and nothing nullable): a field it does not list may be left out.
            var isRequired = required.Contains(property.Name);
            fields.Add(new(property.Name, FieldWords.Of(form, property.Name), input, isRequired, choices, maxLength,
                input is FieldInput.Person or FieldInput.People ? null : ExampleOf(example, property.Name), nested ?? [], person));
        }
        return fields;
    }

    /// <summary>Which kind of person an id names, by the field's name: pupils and parents by theirs, anyone else is staff.</summary>
    private static string? PersonKind(string name) => name switch
    {
        _ when name.Contains("pupil", StringComparison.OrdinalIgnoreCase) => "pupil",
        _ when name.Contains("parent", StringComparison.OrdinalIgnoreCase) => "parent",
        "subjectId" or "disclosedTo" or "staffVictimId" or "targetStaffId" or "assigneeId" => "staff",
        _ => null,
    };

    // The API's order, but "other" last, where a person looks for it once nothing else fits.
    private static List<string> Enum(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var values)
            ? [.. values.EnumerateArray().Select(v => v.GetString() ?? "").OrderBy(v => v == "other")]
            : [];

    private static string? ExampleOf(JsonElement example, string name) =>
        example.ValueKind == JsonValueKind.Object && example.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                JsonValueKind.Null or JsonValueKind.Object => null,
                _ => value.GetRawText(),
            }
            : null;

    /// <summary>A schema, with a local <c>$ref</c> followed to its component.</summary>
    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        return schema;
    }
}
