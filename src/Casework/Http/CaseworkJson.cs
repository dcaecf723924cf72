using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Casework.Cases;

namespace Casework.Http;

/// <summary>
/// One JSON shape for the API and for stored events: camelCase, enums as kebab-case strings. Requests are
/// read strictly, so that a missing field (one that may not be null), a null where a value is required, an unknown enum value, an
/// unknown or repeated property or a text over its limit is a 400 naming the field rather than a silently
/// empty (or silently overwritten, or unbounded) record.
/// </summary>
public static class CaseworkJson
{
    /// <summary>Requests and responses.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Stored events: the same names, read leniently, so an event written before a field was added still reads.</summary>
    public static JsonSerializerOptions Stored { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { EnumsAsKebabCase() },
    };

    public static JsonStringEnumConverter EnumsAsKebabCase() => new(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(EnumsAsKebabCase());
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        // A text outside any property's reach (a bare string body) is held to the lenient rule: free text.
        options.Converters.Add(new Text(maxLength: null, multiLine: true));
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(LimitText).WithAddedModifier(NullableIsOptional);
        return options;
    }

    /// <summary>
    /// A member that may be null may be left out, in every request (issue 15): RespectRequiredConstructorParameters would
    /// otherwise require each constructor parameter without a default, nullable or not, so a place's <c>url</c> had to be
    /// sent as <c>null</c>. What is required is what can be neither null nor left out; the OpenAPI document lists exactly
    /// these as <c>required</c> (<c>RequestRulesInDocument</c>), so the two cannot disagree.
    /// </summary>
    private static void NullableIsOptional(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.AssociatedParameter is { IsNullable: true })
            {
                property.IsRequired = false;
            }
        }
    }

    public const string ClientMessage = "casework.clientMessage";

    // Each text property, and each list of texts, is read through a converter holding its limit (TextLimits).
    // A record's constructor parameter is read with its property's converter, so positional records are covered.
    private static void LimitText(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (TextLimits.Of(property) is { } limit)
            {
                property.CustomConverter = TextLimits.IsText(property.PropertyType)
                    ? new Text(limit, TextLimits.IsMultiLine(limit))
                    : (JsonConverter)Activator.CreateInstance(typeof(TextList<>).MakeGenericType(property.PropertyType), limit)!;
            }
        }
    }

    /// <summary>
    /// PostgreSQL text cannot hold U+0000, a field holds at most its limit, and only free text may hold line breaks
    /// and tabs (<see cref="TextLimits.Problem"/>): refuse any of these as the request is read, naming the field.
    /// Characters are counted as OpenAPI's maxLength counts them (code points).
    /// </summary>
    private sealed class Text(int? maxLength, bool multiLine) : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } text ? Check(text, maxLength, multiLine) : null;

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        // relativePath: where in the field the text is, for an item of a list ("[2]").
        public static string Check(string text, int? maxLength, bool multiLine, string relativePath = "") =>
            TextLimits.Problem(text, maxLength, multiLine) is { } problem ? throw Refused(problem, relativePath) : text;

        private static JsonException Refused(string message, string relativePath) =>
            new(message) { Data = { [ClientMessage] = message, [ValueList.RelativePath] = relativePath } };
    }

    /// <summary>A list of texts, each item held to the list's limit.</summary>
    private sealed class TextList<TList>(int maxLength) : JsonConverter<TList> where TList : IEnumerable<string?>
    {
        public override TList? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var items = JsonSerializer.Deserialize<TList>(ref reader, options)!;
            foreach (var (index, item) in items.Index())
            {
                if (item is not null)
                {
                    Text.Check(item, maxLength, TextLimits.IsMultiLine(maxLength), $"[{index}]");
                }
            }
            return items;
        }

        public override void Write(Utf8JsonWriter writer, TList value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, options);
    }
}
