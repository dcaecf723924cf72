using System.Text.Json;

namespace Casework.EventStore;

/// <summary>Who did it and why: stored with every event, beside the event's own data.</summary>
public sealed record EventMetadata(
    Guid ActorId,
    IReadOnlyList<string> ActorRoles,
    string? CorrelationId,
    string? CausationId,
    string? Reason = null,
    string? Client = null);

/// <summary>
/// Stable stored names for event types, in both directions. Renaming a class never changes history:
/// the name is given, never taken from the CLR type.
/// </summary>
public sealed class EventTypeMap
{
    private readonly Dictionary<string, Type> _byName = [];
    private readonly Dictionary<Type, string> _byType = [];

    public EventTypeMap(IEnumerable<(string Name, Type Type)> types, JsonSerializerOptions json)
    {
        Json = json;
        foreach (var (name, type) in types)
        {
            if (!_byName.TryAdd(name, type) || !_byType.TryAdd(type, name))
            {
                throw new ArgumentException($"Event type name '{name}' or type {type.Name} is registered twice.", nameof(types));
            }
        }
    }

    public JsonSerializerOptions Json { get; }

    public string NameOf(Type type) =>
        _byType.TryGetValue(type, out var name) ? name : throw new InvalidOperationException($"{type.Name} has no stored event name.");

    public EventToAppend ToAppend(object @event, Guid eventId, EventMetadata metadata, DateTimeOffset occurredAt) => new(
        eventId,
        NameOf(@event.GetType()),
        1,
        JsonSerializer.Serialize(@event, @event.GetType(), Json),
        JsonSerializer.Serialize(metadata, Json),
        occurredAt);

    public object Deserialize(RecordedEvent recorded) =>
        _byName.TryGetValue(recorded.EventType, out var type)
            ? JsonSerializer.Deserialize(recorded.Data, type, Json)!
            : throw new InvalidOperationException($"Unknown stored event type '{recorded.EventType}'.");

    public EventMetadata? Metadata(RecordedEvent recorded) => JsonSerializer.Deserialize<EventMetadata>(recorded.Metadata, Json);
}
