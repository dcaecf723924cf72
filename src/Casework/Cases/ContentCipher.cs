using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Casework.Cases;

/// <summary>
/// Marks a text of an event as personal content (ADR 28): what someone wrote or said about people. It is stored
/// sealed under its case's data key; everything else of an event (ids, kinds, dates, categories, flags, statuses,
/// URLs the rules match on) stays clear for the rules, the registers and search.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class PersonalContentAttribute : Attribute;

/// <summary>
/// The personal content of one case, sealed and opened with the case's data key (ADR 28). A sealed text is
/// AES-256-GCM over the text, with the school and the case as associated data, so it opens in its own case only;
/// its nonce is derived from the text (HMAC-SHA256, a synthetic IV), so the same text in the same case seals to
/// the same value: a repeated action compares equal with the state it repeats (R14), and a rebuild writes the
/// bytes the live tables hold. A stored text that does not begin with <see cref="Marker"/> was stored before
/// content was sealed and is read as it is. Tampered, moved or wrongly keyed ciphertext is refused
/// (<see cref="CryptographicException"/>), never shown.
/// </summary>
public sealed class ContentCipher
{
    /// <summary>
    /// Begins every sealed text: a control character no stored text can begin with, since every text a client sends
    /// is refused if it holds one (TextLimits), then the format's version.
    /// </summary>
    public const string Marker = "\u0001cw1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[]? _encryption;
    private readonly byte[]? _authentication;
    private readonly byte[] _associated;
    private readonly bool _storesPlain;

    public ContentCipher(ReadOnlySpan<byte> dataKey, string tenant, Guid caseId)
    {
        if (dataKey.Length != 32)
        {
            throw new ArgumentException("A data key is 32 bytes.", nameof(dataKey));
        }
        // Two keys from one: the same key is never used both to encrypt and to derive nonces.
        _encryption = HKDF.Expand(HashAlgorithmName.SHA256, dataKey.ToArray(), 32, "casework content encryption"u8.ToArray());
        _authentication = HKDF.Expand(HashAlgorithmName.SHA256, dataKey.ToArray(), 32, "casework content nonce"u8.ToArray());
        _associated = Encoding.UTF8.GetBytes($"{tenant}\n{caseId:D}");
        CaseId = caseId;
    }

    private ContentCipher(string tenant, Guid caseId, bool storesPlain = false)
    {
        _associated = Encoding.UTF8.GetBytes($"{tenant}\n{caseId:D}");
        CaseId = caseId;
        _storesPlain = storesPlain;
    }

    /// <summary>What a sealed text reads as once its case's data key was deleted (ADR 34): the same fixed words everywhere.</summary>
    public const string ErasedText = "(erased)";

    /// <summary>
    /// A case with no data key: stored before content was sealed, so what it holds is plain, or erased (its key deleted,
    /// ADR 34), so what it holds sealed reads as <see cref="ErasedText"/>.
    /// </summary>
    public static ContentCipher Keyless(string tenant, Guid caseId) => new(tenant, caseId);

    /// <summary>
    /// A new case's cipher where content is stored plain (<see cref="ContentKeys.StorePlainKey"/>, Development only,
    /// ADR 47): it seals nothing and makes no key, so the case is stored, and read, as one from before content was sealed.
    /// </summary>
    public static ContentCipher Plain(string tenant, Guid caseId) => new(tenant, caseId, storesPlain: true);

    public Guid CaseId { get; }

    public static bool IsSealed(string? stored) => stored is not null && stored.StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>The text as stored; a text already sealed is left as it is.</summary>
    public string Seal(string text)
    {
        if (IsSealed(text) || _storesPlain)
        {
            return text;
        }
        if (_encryption is null || _authentication is null)
        {
            throw new InvalidOperationException("Content is sealed with its case's data key; this case has none.");
        }
        var plain = Encoding.UTF8.GetBytes(text);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        var tag = sealedBytes.AsSpan(NonceSize, TagSize);
        using (var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _authentication))
        {
            mac.AppendData(_associated);
            mac.AppendData([0]);
            mac.AppendData(plain);
            mac.GetHashAndReset()[..NonceSize].CopyTo(nonce);
        }
        using var gcm = new AesGcm(_encryption, TagSize);
        gcm.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), tag, _associated);
        return Marker + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>
    /// The text a stored value holds: a sealed one opened (or <see cref="ErasedText"/> when its key was deleted), a plain
    /// one (stored before sealing) as it is. The one opening path of every read (ADR 34).
    /// </summary>
    public string Open(string stored)
    {
        if (!IsSealed(stored))
        {
            return stored;
        }
        if (_encryption is null)
        {
            // Sealed content is made only with a key, which is never replaced: without one, it was erased.
            return ErasedText;
        }
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(stored[Marker.Length..]);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("A sealed text is malformed.", e);
        }
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("A sealed text is malformed.");
        }
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(_encryption, TagSize);
        gcm.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, _associated);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The event as it is stored: its personal content sealed, the rest as it is.</summary>
    public object Seal(object @event) => _storesPlain ? @event : PersonalContent.Map(@event, Seal);

    public IReadOnlyList<object> Seal(IEnumerable<object> events) => [.. events.Select(Seal)];

    /// <summary>The event with its personal content opened.</summary>
    public object Open(object @event) => PersonalContent.Map(@event, Open);

    /// <summary>A stored JSON value (a report as the case document keeps it, an event as the audit trail shows it) with every sealed text opened.</summary>
    public JsonElement Open(JsonElement stored) => ContainsSealed(stored)
        ? JsonSerializer.SerializeToElement(OpenNode(JsonNode.Parse(stored.GetRawText())))
        : stored;

    /// <summary>The case with the report and the open actions it shows opened: what a case view or a register row serves.</summary>
    public CaseRecord Opened(CaseRecord record) => record with
    {
        Report = Open(record.Report),
        Case = record.Case.WithFile(record.Case.File with { OpenActions = [.. record.Case.File.OpenActions.Select(a => (OpenAction)Open(a))] }),
    };

    /// <summary>
    /// The case as loaded for a caller, opened only where the sight rule shows content: the report (in full, or to its
    /// reporter) or an action (to its assignee; the view shows them nothing else).
    /// </summary>
    public LoadedCase Opened(LoadedCase loaded) =>
        loaded.Visibility is CaseVisibility.Full or CaseVisibility.OwnReport or CaseVisibility.Assigned ? loaded with { Record = Opened(loaded.Record) } : loaded;

    private static bool ContainsSealed(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => IsSealed(element.GetString()),
        JsonValueKind.Object => element.EnumerateObject().Any(p => ContainsSealed(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(ContainsSealed),
        _ => false,
    };

    // Opens, in place, every sealed text of a tree just parsed for this (so nothing else holds it): only a sealed text's
    // node is replaced, so no node is copied.
    private JsonNode? OpenNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    if (Opened(value) is { } text)
                    {
                        o[name] = text;
                    }
                    else
                    {
                        OpenNode(value);
                    }
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (Opened(a[i]) is { } text)
                    {
                        a[i] = text;
                    }
                    else
                    {
                        OpenNode(a[i]);
                    }
                }
                return a;
            default:
                return Opened(node) is { } opened ? opened : node;
        }
    }

    private JsonValue? Opened(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var text && IsSealed(text) ? JsonValue.Create(Open(text)) : null;
}

/// <summary>
/// The personal content of each event type: its texts, lists of texts and nested records marked
/// <see cref="PersonalContentAttribute"/>, found once per type. <see cref="Map"/> copies an event with each of
/// them passed through a function (seal or open); an event without any is returned as it is.
/// </summary>
public static class PersonalContent
{
    private sealed record Member(PropertyInfo Property, Func<object, Func<string, string>, object> Map);

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    private static readonly MethodInfo Clone = typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!;

    /// <summary>The names of the members of <paramref name="type"/> that hold personal content.</summary>
    public static IEnumerable<string> Of(Type type) => MembersOf(type).Select(m => m.Property.Name);

    public static object Map(object value, Func<string, string> map)
    {
        var members = MembersOf(value.GetType());
        if (members.Length == 0)
        {
            return value;
        }
        var copy = Clone.Invoke(value, null)!;
        foreach (var member in members)
        {
            if (member.Property.GetValue(value) is { } held)
            {
                member.Property.SetValue(copy, member.Map(held, map));
            }
        }
        return copy;
    }

    private static Member[] MembersOf(Type type) => Members.GetOrAdd(type, static t =>
    {
        var parameters = t.GetConstructors().SelectMany(c => c.GetParameters()).Where(p => p.IsDefined(typeof(PersonalContentAttribute))).Select(p => p.Name).ToHashSet();
        return [.. t.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanWrite && (p.IsDefined(typeof(PersonalContentAttribute)) || parameters.Contains(p.Name)))
            .Select(p => new Member(p, MapperOf(p)))];
    });

    private static Func<object, Func<string, string>, object> MapperOf(PropertyInfo property)
    {
        var type = property.PropertyType;
        if (type == typeof(string))
        {
            return (held, map) => map((string)held);
        }
        if (type == typeof(ValueList<string>))
        {
            return (held, map) =>
            {
                ValueList<string> mapped = [.. ((ValueList<string>)held).Select(map)];
                return mapped;
            };
        }
        if (type.IsClass && MembersOf(type).Length > 0)
        {
            return Map;
        }
        throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name}: personal content is a text, a list of texts or a record holding them.");
    }
}
