using System.Text.Json.Serialization.Metadata;

namespace Casework.Http;

/// <summary>
/// The most characters a text field of a request may hold; on a list of texts, each item. Put it on the
/// record's parameter or, with <c>property:</c>, on its property. <see cref="CaseworkJson"/> refuses a longer
/// text as the request is read, naming the field, and the OpenAPI document shows it as <c>maxLength</c>.
/// A text limited to <see cref="TextLimits.Words"/> is free text and may span lines; any other is a single line
/// (<see cref="TextLimits.IsMultiLine"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TextLimitAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;
}

public static class TextLimits
{
    /// <summary>Free text in the reporter's or the DSL's words: accounts, summaries, rationales, descriptions, notes.</summary>
    public const int Words = 20_000;

    /// <summary>Names, titles, platforms, references and other short labels.</summary>
    public const int Name = 200;

    public const int Url = 2_000;

    /// <summary>For a text no one gave a limit: none is unlimited.</summary>
    public const int Default = 2_000;

    /// <summary>
    /// Free text in words may hold line breaks and tabs; every other text (names, titles, URLs, platforms, references,
    /// keys) is a single line. Neither may hold any other control character (NUL, bell, escape, C1 controls):
    /// they mean nothing to a reader and can smuggle a second line or a terminal command into an export or a log.
    /// </summary>
    public static bool IsMultiLine(int maxLength) => maxLength >= Words;

    /// <summary>What is wrong with a text under its limit and kind, in words for the caller; null if nothing.</summary>
    public static string? Problem(string text, int? maxLength, bool multiLine) =>
        text.Contains('\0') ? "Text may not contain the NUL character (U+0000)."
        : text.Any(c => char.IsControl(c) && !(multiLine && c is '\r' or '\n' or '\t'))
            ? multiLine ? "Text may not contain control characters other than line breaks and tabs."
                : "A single line of text: no line breaks, tabs or other control characters."
        : text.Length > maxLength && text.EnumerateRunes().Count() > maxLength ? $"At most {maxLength:N0} characters."
        : null;

    /// <summary>A text read from a query parameter or header, held to the same rule: a 400 naming <paramref name="field"/>.</summary>
    public static string? Check(string? text, string field, int maxLength, bool multiLine = false) =>
        text is not null && Problem(text, maxLength, multiLine) is { } problem
            ? throw new CallerRefused(StatusCodes.Status400BadRequest, problem, field)
            : text;

    /// <summary>
    /// A stored text as an export shows it: control characters other than line breaks and tabs (which free text may
    /// hold) become spaces, so text stored before the rule above cannot carry them into a CSV or PDF.
    /// </summary>
    public static string Printable(string text) =>
        text.Any(c => char.IsControl(c) && c is not '\r' and not '\n' and not '\t')
            ? string.Create(text.Length, text, (span, t) =>
            {
                for (var i = 0; i < t.Length; i++)
                {
                    span[i] = char.IsControl(t[i]) && t[i] is not '\r' and not '\n' and not '\t' ? ' ' : t[i];
                }
            })
            : text;

    /// <summary>The limit on a text (or list of texts) property as it is read; null if it holds no text.</summary>
    public static int? Of(JsonPropertyInfo property) => IsText(property.PropertyType) || IsTextList(property.PropertyType)
        ? DeclaredOn(property) ?? Default
        : null;

    /// <summary>The limit written beside the field: on the property, or on the constructor parameter it is read through.</summary>
    public static int? DeclaredOn(JsonPropertyInfo property) =>
        Declared(property.AttributeProvider) ?? Declared(property.AssociatedParameter?.AttributeProvider);

    public static bool IsText(Type type) => type == typeof(string);

    public static bool IsTextList(Type type) => type != typeof(string) && typeof(IEnumerable<string>).IsAssignableFrom(type);

    private static int? Declared(System.Reflection.ICustomAttributeProvider? member) =>
        member?.GetCustomAttributes(typeof(TextLimitAttribute), inherit: true) is [TextLimitAttribute limit, ..] ? limit.MaxLength : null;
}
