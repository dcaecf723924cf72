using System.Buffers.Binary;
using System.Buffers.Text;

namespace Casework.Http;

/// <summary>Every list is paged: <c>?limit=</c> (default 50, at most 200) and <c>?after=</c> the last key seen.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => limit.Value,
        _ => throw new CallerRefused(StatusCodes.Status400BadRequest, $"limit must be between 1 and {MaxLimit}.", "limit"),
    };
}

/// <summary>
/// Where a page of a register or list ended: the sort key of the last row it returned (an instant, in the
/// microseconds PostgreSQL stores) and that row's id. Opaque to the client, and never looked up: the next page
/// starts after it in one index range scan, whatever happened to that row since, and an id the reader may not see
/// tells them nothing.
/// </summary>
public readonly record struct PageCursor(DateTimeOffset Key, Guid Id) : IComparable<PageCursor>
{
    /// <summary>The cursor after a row: its key truncated to whole microseconds, as Npgsql writes a timestamptz.</summary>
    public static PageCursor After(DateTimeOffset key, Guid id) =>
        new(new DateTimeOffset(key.UtcTicks - key.UtcTicks % 10, TimeSpan.Zero), id);

    /// <summary>The cursor of a list ordered by id alone.</summary>
    public static PageCursor After(Guid id) => new(DateTimeOffset.UnixEpoch, id);

    public int CompareTo(PageCursor other) =>
        Key != other.Key ? Key.CompareTo(other.Key) : Id.CompareTo(other.Id);

    /// <summary>Whether a row with this key and id comes after the cursor, in the order the SQL row comparison uses.</summary>
    public bool Precedes(DateTimeOffset key, Guid id) => After(key, id).CompareTo(this) > 0;

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Key.UtcTicks);
        Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The cursor a client sent back as <paramref name="field"/>, or a 400 naming it.</summary>
    public static PageCursor? Parse(string? after, string field = "after")
    {
        if (after is null)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[24];
        return after.Length == 32 && Base64Url.TryDecodeFromChars(after, bytes, out var written) && written == 24
            && BinaryPrimitives.ReadInt64BigEndian(bytes) is var ticks && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..], bigEndian: true))
            : throw new CallerRefused(StatusCodes.Status400BadRequest, $"{field} is the next of a previous page.", field);
    }
}
