using System.Text.Json;
using System.Text.Json.Serialization;

namespace Casework.Http;

/// <summary>
/// One JSON shape for the API and for stored events: camelCase, enums as kebab-case strings. Requests are
/// read strictly, so that a missing field, a null where a value is required, an unknown enum value, or an
/// unknown or repeated property is a 400 naming the field rather than a silently empty (or silently
/// overwritten) record.
/// </summary>
public static class CaseworkJson
{
    /// <summary>Requests and responses.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Stored events: the same names, read leniently, so an event written before a field was added still reads.</summary>
    public static JsonSerializerOptions Stored { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new TextWithoutNul());
        return options;
    }

    public const string ClientMessage = "casework.clientMessage";

    /// <summary>PostgreSQL text cannot hold U+0000: refuse it as the request is read, naming the field.</summary>
    private sealed class TextWithoutNul : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is not null && text.Contains('\0')
                ? throw new JsonException("NUL in text") { Data = { [ClientMessage] = "Text may not contain the NUL character (U+0000)." } }
                : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
