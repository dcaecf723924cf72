namespace Casework.EventStore;

/// <summary>What an append expects of the stream before it writes (checked under the stream's row lock).</summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(long value) => Value = value;

    /// <summary>The encoding the append function takes: -1 any, -2 stream exists, 0 no stream, n exactly n.</summary>
    public long Value { get; }

    public static ExpectedVersion Any { get; } = new(-1);
    public static ExpectedVersion StreamExists { get; } = new(-2);
    public static ExpectedVersion NoStream { get; } = new(0);

    public static ExpectedVersion Exactly(long version) =>
        version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), "A stream version is 0 or more.");

    public override string ToString() => Value switch
    {
        -1 => "any",
        -2 => "stream exists",
        0 => "no stream",
        _ => $"version {Value}",
    };
}
