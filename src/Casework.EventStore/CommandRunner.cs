namespace Casework.EventStore;

/// <summary>A stream's evolution: the state before any event, and how one event changes it. Evolve never throws.</summary>
public sealed record Decider<TState, TEvent>(TState Initial, Func<TState, TEvent, TState> Evolve)
{
    public TState Fold(IEnumerable<TEvent> events) => events.Aggregate(Initial, Evolve);
}

public sealed record StreamRef(string TenantId, string StreamId, string StreamType);

/// <summary>What a command produced. <see cref="Appended"/> is empty when it was already satisfied.</summary>
public sealed record CommandResult<TState>(TState State, long Version, IReadOnlyList<RecordedEvent> Appended);

/// <summary>
/// The whole command runner: load the stream, fold it, decide, append with the version decided on.
/// A create (no stream) decides on the initial state, and a retried create with the same event ids is
/// answered by the store's idempotency, not a second case.
/// </summary>
public sealed class CommandRunner(EventStore store, EventTypeMap types)
{
    public EventTypeMap Types => types;

    public async Task<CommandResult<TState>> RunAsync<TState, TEvent>(
        StreamRef stream, ExpectedVersion expected, Decider<TState, TEvent> decider,
        Func<TState, IReadOnlyList<TEvent>> decide, EventMetadata metadata, DateTimeOffset now,
        Func<int, Guid>? eventIds = null, Func<TEvent, DateTimeOffset>? occurredAt = null, CancellationToken ct = default)
        where TEvent : notnull
    {
        var (state, version) = expected == ExpectedVersion.NoStream
            ? (decider.Initial, 0L)
            : await LoadAsync(stream, decider, ct);

        if ((expected.Value > 0 && expected.Value != version) || (expected == ExpectedVersion.StreamExists && version == 0))
        {
            throw new ConcurrencyConflict(stream.StreamId, expected, version, $"Stream {stream.StreamId} is at version {version}, not {expected}.");
        }

        var decided = decide(state);
        if (decided.Count == 0)
        {
            return new CommandResult<TState>(state, version, []);
        }

        var batch = decided.Select((e, i) => types.ToAppend(e, eventIds?.Invoke(i) ?? Guid.CreateVersion7(now), metadata, occurredAt?.Invoke(e) ?? now)).ToList();
        var appendAt = expected == ExpectedVersion.NoStream ? expected : ExpectedVersion.Exactly(version);
        var result = await store.AppendAsync(stream.TenantId, stream.StreamId, stream.StreamType, appendAt, batch, ct);
        if (!result.Written)
        {
            // A retried create: answer with the stream as stored, not with what was decided just now.
            (state, version) = await LoadAsync(stream, decider, ct);
            return new CommandResult<TState>(state, version, result.Events);
        }
        return new CommandResult<TState>(decided.Aggregate(state, decider.Evolve), result.NextVersion, result.Events);
    }

    public async Task<(TState State, long Version)> LoadAsync<TState, TEvent>(
        StreamRef stream, Decider<TState, TEvent> decider, CancellationToken ct = default, DateTimeOffset? asOf = null)
    {
        var events = await store.ReadStreamAsync(stream.TenantId, stream.StreamId, asOf: asOf, ct: ct);
        var state = decider.Fold(events.Select(e => (TEvent)types.Deserialize(e)));
        return (state, events.Count == 0 ? 0 : events[^1].StreamPosition);
    }
}
