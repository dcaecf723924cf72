using Casework.Calendar;

namespace Casework;

/// <summary>
/// The service's clock under test (ADR 18): it reads the real time plus however far tests have moved it, so a test
/// that needs time to pass moves it instead of sleeping, and one that needs an exact instant holds it. Only the wall
/// clock is faked: timers keep real time, because Marten's projection coordinator and the framework time their polls
/// with the same provider, and a frozen timer would stall them (why not FakeTimeProvider, whose timers fire only when
/// advanced). It never runs backwards, and it follows real time so that the many tests which build inputs from the
/// real time (an occurredAt an hour ago, a token minted now) stay valid however long the suite runs. One source file,
/// compiled into the integration tests and the browser tests.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _gate = new();
    private TimeSpan _ahead;
    private DateTimeOffset? _held;
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            var now = _held ?? System.GetUtcNow() + _ahead;
            _last = now > _last ? now : _last;
            return _last;
        }
    }

    /// <summary>Moves the clock on, instead of waiting for the time to pass.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(by, TimeSpan.Zero);
        lock (_gate)
        {
            _ahead += by;
            _held += by;
        }
    }

    /// <summary>
    /// Moves the clock on, unless it already reads a school day's hours in London (08:00 to 21:00 on a working day), to
    /// 10:00 on the next working day: a deadline in working days can then end today, and its reminder's morning has come.
    /// </summary>
    public void AdvanceToSchoolHours()
    {
        var now = GetUtcNow();
        var london = WorkingDayCalendar.InLondon(now);
        var day = WorkingDayCalendar.LocalDate(now);
        var calendar = WorkingDayCalendar.EnglandAndWales;
        if (calendar.IsWorkingDay(day) && london.Hour is >= 8 and < 21)
        {
            return;
        }
        if (!calendar.IsWorkingDay(day) || london.Hour >= 8)
        {
            do
            {
                day = day.AddDays(1);
            }
            while (!calendar.IsWorkingDay(day));
        }
        Advance(WorkingDayCalendar.StartOf(day).AddHours(10) - now);
    }

    /// <summary>
    /// Stops the clock at its present reading, to a whole millisecond (PostgreSQL keeps microseconds), until the
    /// returned handle is disposed; it then runs on from where it stood, never going back.
    /// </summary>
    public IDisposable Hold()
    {
        lock (_gate)
        {
            var now = System.GetUtcNow() + _ahead;
            var ms = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero).AddMilliseconds(1);
            _ahead += ms - now;
            _held = ms;
            return new Release(this);
        }
    }

    private sealed class Release(TestClock clock) : IDisposable
    {
        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._held = null;
            }
        }
    }
}
