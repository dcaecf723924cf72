using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Casework.WebConsole;

/// <summary>
/// What the user entered in a generated form, field by field (a group's fields in a nested <see cref="FormValues"/>,
/// a list of rows in a list of them), and the JSON body it makes: empty optional fields and empty groups are left out.
/// Read back from a draft (<see cref="Drafts"/>) by filling its collections, which have no setters.
/// </summary>
[JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
public sealed class FormValues
{
    public Dictionary<string, string> Text { get; } = [];
    public Dictionary<string, bool> YesNo { get; } = [];
    public Dictionary<string, HashSet<string>> Choices { get; } = [];
    public Dictionary<string, List<PersonName>> People { get; } = [];
    public Dictionary<string, FormValues> Groups { get; } = [];
    public Dictionary<string, List<FormValues>> Rows { get; } = [];

    /// <summary>
    /// Values to start from: nothing typed (no time is assumed: when something happened is asked, and "Now" beside it
    /// says so in one click), a required choice with one answer chosen, one row in each list.
    /// </summary>
    public static FormValues For(IEnumerable<FieldSpec> fields)
    {
        var values = new FormValues();
        foreach (var field in fields)
        {
            switch (field.Input)
            {
                case FieldInput.Choices:
                    values.Choices[field.Name] = [];
                    break;
                case FieldInput.Person or FieldInput.People:
                    values.People[field.Name] = [];
                    break;
                case FieldInput.Group:
                    values.Groups[field.Name] = For(field.Fields);
                    break;
                case FieldInput.Rows:
                    values.Rows[field.Name] = [For(field.Fields)];
                    break;
            }
        }
        values.ChooseTheOnlyAnswers(fields);
        return values;
    }

    /// <summary>A required choice with one answer (the one agency awaiting acknowledgement) is chosen, not asked for: in a new form and in a draft.</summary>
    public void ChooseTheOnlyAnswers(IEnumerable<FieldSpec> fields)
    {
        foreach (var field in fields.Where(f => f.Input == FieldInput.Choice && f.Required && f.Choices.Count == 1))
        {
            if (string.IsNullOrWhiteSpace(Text.GetValueOrDefault(field.Name)))
            {
                Text[field.Name] = field.Choices[0];
            }
        }
    }

    public bool IsEmpty(IEnumerable<FieldSpec> fields) => fields.All(f => f.Input switch
    {
        FieldInput.YesNo => !YesNo.GetValueOrDefault(f.Name),
        FieldInput.Choices => Choices[f.Name].Count == 0,
        FieldInput.Person or FieldInput.People => People[f.Name].Count == 0,
        FieldInput.Group => Groups[f.Name].IsEmpty(f.Fields),
        FieldInput.Rows => Rows[f.Name].All(r => r.IsEmpty(f.Fields)),
        _ => string.IsNullOrWhiteSpace(Text.GetValueOrDefault(f.Name)),
    });

    public JsonObject ToJson(IEnumerable<FieldSpec> fields)
    {
        var body = new JsonObject();
        foreach (var field in fields)
        {
            var text = Text.GetValueOrDefault(field.Name)?.Trim();
            JsonNode? value = field.Input switch
            {
                FieldInput.YesNo => YesNo.GetValueOrDefault(field.Name),
                FieldInput.Choices => new JsonArray([.. Choices[field.Name].Select(c => (JsonNode)c)]),
                FieldInput.People => new JsonArray([.. People[field.Name].Select(p => (JsonNode)p.Id.ToString())]),
                FieldInput.Person => People[field.Name].FirstOrDefault() is { } person ? person.Id.ToString() : null,
                FieldInput.Group => Groups[field.Name].IsEmpty(field.Fields) ? null : Groups[field.Name].ToJson(field.Fields),
                FieldInput.Rows => new JsonArray([.. Rows[field.Name].Where(r => !r.IsEmpty(field.Fields)).Select(r => (JsonNode)r.ToJson(field.Fields))]),
                FieldInput.Lines => new JsonArray([.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => (JsonNode)l)]),
                _ when string.IsNullOrEmpty(text) => null,
                FieldInput.DateTime => Words.DayAndTime(text) is { } at ? at.ToString("O", CultureInfo.InvariantCulture) : text,
                FieldInput.Date => Words.Day(text) is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : text,
                FieldInput.Number => long.TryParse(text, CultureInfo.InvariantCulture, out var whole) ? whole : text,
                _ => text,
            };
            if (value is not null)
            {
                body[field.Name] = value;
            }
        }
        return body;
    }
}
