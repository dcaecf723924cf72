namespace Casework.EventStore;

/// <summary>The stream was not at the expected version, or the batch's event ids are stored elsewhere in it.</summary>
public sealed class ConcurrencyConflict(string streamId, ExpectedVersion expected, long? actualVersion, string message)
    : Exception(message)
{
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    /// <summary>The stream's version when the append was refused, where known.</summary>
    public long? ActualVersion { get; } = actualVersion;
}
