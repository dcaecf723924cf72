using System.Text.Json.Serialization.Metadata;

namespace Casework.Http;

/// <summary>
/// The most characters a text field of a request may hold; on a list of texts, each item. Put it on the
/// record's parameter or, with <c>property:</c>, on its property. <see cref="CaseworkJson"/> refuses a longer
/// text as the request is read, naming the field, and the OpenAPI document shows it as <c>maxLength</c>.
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
