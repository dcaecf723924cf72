namespace Casework.EventStore;

/// <summary>An event to append. Data and metadata are JSON documents; the type name is stable and never a CLR name.</summary>
public sealed record EventToAppend(
    Guid EventId,
    string EventType,
    int SchemaVersion,
    string Data,
    string Metadata,
    DateTimeOffset OccurredAt);

/// <summary>An event as stored.</summary>
public sealed record RecordedEvent(
    long GlobalPosition,
    ulong TxId,
    string TenantId,
    string StreamId,
    string StreamType,
    long StreamPosition,
    Guid EventId,
    string EventType,
    int SchemaVersion,
    string Data,
    string Metadata,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt)
{
    public FeedCheckpoint Checkpoint => new(TxId, GlobalPosition);
}

/// <summary>Where a reader of the global feed has got to: the pair (transaction id, global position) of the last event read.</summary>
public readonly record struct FeedCheckpoint(ulong TxId, long Position) : IComparable<FeedCheckpoint>
{
    public static FeedCheckpoint Start { get; } = new(0, 0);

    public int CompareTo(FeedCheckpoint other) =>
        TxId != other.TxId ? TxId.CompareTo(other.TxId) : Position.CompareTo(other.Position);
}

/// <summary>The outcome of an append. <see cref="Written"/> is false when the batch was already stored (a retried request).</summary>
public sealed record AppendResult(long NextVersion, bool Written, IReadOnlyList<RecordedEvent> Events);
