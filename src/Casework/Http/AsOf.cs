namespace Casework.Http;

/// <summary>
/// The <c>asOf</c> of every read that answers as the school knew it then (the case view, the timeline and its
/// exports, the registers, a pupil's chronology): an instant in the past or now. The future is not known yet,
/// and answering for it would show today's record under a date it cannot vouch for, so it is a 400 naming asOf.
/// </summary>
public static class AsOf
{
    public const string Field = "asOf";

    /// <summary><paramref name="asOf"/> as given (null: now), refused if it is later than <paramref name="now"/>.</summary>
    public static DateTimeOffset? Checked(DateTimeOffset? asOf, DateTimeOffset now) =>
        asOf is { } at && at > now
            ? throw new CallerRefused(StatusCodes.Status400BadRequest, "asOf cannot be in the future.", Field)
            : asOf;

    /// <summary>The instant read: <paramref name="asOf"/>, or now without one; refused if in the future.</summary>
    public static DateTimeOffset At(DateTimeOffset? asOf, DateTimeOffset now) => Checked(asOf, now) ?? now;
}
