using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Casework.Cases;

/// <summary>
/// An immutable list that compares by its items, so events holding lists are equal when their
/// contents are (arrays and ImmutableArray compare by reference). Serialized as a JSON array.
/// </summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
[JsonConverter(typeof(ValueListJsonConverter))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> items;

    internal ValueList(ImmutableArray<T> items) => this.items = items;

    public static ValueList<T> Empty { get; } = new(ImmutableArray<T>.Empty);

    public int Count => items.Length;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && items.SequenceEqual(other.items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", items)}]";
}

public static class ValueList
{
    /// <summary>Where a read error inside a list happened, relative to the list (see the JSON converter).</summary>
    public const string RelativePath = "casework.relativePath";

    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => new([.. items]);

    public static ValueList<T> From<T>(IEnumerable<T> items) => new([.. items]);
}

internal sealed class ValueListJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Converter<T> : JsonConverter<ValueList<T>>
    {
        // A list in a request or an event never holds a null item: "attendees": [null] is refused, not stored.
        // The items are read by a nested call, whose error paths start again at "$": the relative path travels
        // in Data[RelativePath] so the API can name the field in full ("pupils[0].role", not "[0].role").
        public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            ImmutableArray<T> items;
            try
            {
                items = JsonSerializer.Deserialize<ImmutableArray<T>>(ref reader, options);
            }
            catch (JsonException inner) when (inner.InnerException is not JsonException)
            {
                // Not a syntax error (those wrap the reader's own exception and concern the whole body).
                throw Relative(inner.Message, inner.Path);
            }
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i] is null)
                {
                    throw Relative("A list item is null.", $"$[{i}]");
                }
            }
            return ValueList.From(items);
        }

        private static JsonException Relative(string message, string? path) =>
            new(message) { Data = { [ValueList.RelativePath] = (path ?? "$")[1..] } };


        public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToImmutableArray(), options);
    }
}
