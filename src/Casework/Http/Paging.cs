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
