using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Casework.Http;

namespace Casework.Cases;

/// <summary>
/// The digest every timeline export states (docs/adr, "timeline export digest"): SHA-256, as lower-case hex,
/// of the UTF-8 bytes of the JSON export's <c>entries</c> array in the JSON Canonicalization Scheme (RFC 8785):
/// no whitespace, object members sorted by name (UTF-16 code units), strings escaped only where JSON must
/// (quote, backslash, control characters) and numbers as integers. Anyone holding the JSON export can
/// recompute it with any RFC 8785 library; the CSV and the PDF state the same digest and count.
/// </summary>
public static class TimelineDigest
{
    public static string Of(IReadOnlyList<TimelineEntry> entries) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(JsonSerializer.SerializeToElement(entries, CaseworkJson.Options)))));

    /// <summary>The RFC 8785 form of a JSON value (the numbers a timeline holds are integers).</summary>
    public static string Canonical(JsonElement value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var member in value.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    String(text, member.Name);
                    text.Append(':');
                    Write(text, member.Value);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    text.Append(index++ == 0 ? "" : ",");
                    Write(text, item);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                String(text, value.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(value.TryGetInt64(out var integer)
                    ? integer.ToString(CultureInfo.InvariantCulture)
                    : value.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(value.GetRawText()); // true, false, null
                break;
        }
    }

    private static void String(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }
        text.Append('"');
    }
}
