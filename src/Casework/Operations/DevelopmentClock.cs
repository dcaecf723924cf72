using System.Globalization;

namespace Casework.Operations;

/// <summary>
/// The service's one clock (ADR 18) is the system's. In Development only, <c>Casework:Development:ClockStartsAt</c> (an
/// ISO 8601 instant) makes it a clock that reads that instant when the service starts and runs on with real time
/// (ADR 41): deadlines end at school-day boundaries, so a benchmark that needs thousands due a few minutes after it
/// starts sets the clock a few minutes before one. Any other environment refuses to start with it set.
/// </summary>
public sealed class DevelopmentClock : TimeProvider
{
    public const string StartsAtKey = "Casework:Development:ClockStartsAt";

    private readonly TimeSpan _offset;

    public DevelopmentClock(DateTimeOffset startsAt) => _offset = startsAt - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    /// <summary>The clock the service registers: the system's, or a <see cref="DevelopmentClock"/> when configured in Development.</summary>
    public static TimeProvider For(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[StartsAtKey] is not { Length: > 0 } text)
        {
            return System;
        }
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{StartsAtKey} is set in the {environment.EnvironmentName} environment. It moves the service's clock and exists for benchmarks in Development only: remove it.");
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var startsAt)
            ? new DevelopmentClock(startsAt)
            : throw new InvalidOperationException($"{StartsAtKey} must be an ISO 8601 instant, such as 2026-12-04T23:55:00Z.");
    }
}
