using Casework.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Casework.Tests.Operations;

/// <summary>ADR 41: the clock a benchmark starts at a chosen instant, in Development only.</summary>
public class DevelopmentClockTests
{
    private static TimeProvider ClockFor(string environment, string? startsAt) => DevelopmentClock.For(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DevelopmentClock.StartsAtKey] = startsAt }).Build(),
        new HostingEnvironment { EnvironmentName = environment });

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void Without_the_setting_the_clock_is_the_systems(string environment) =>
        Assert.Same(TimeProvider.System, ClockFor(environment, null));

    [Fact]
    public void In_development_the_clock_starts_at_the_instant_and_runs_on_with_real_time()
    {
        var startsAt = DateTimeOffset.Parse("2026-12-04T23:55:00Z");

        var clock = ClockFor("Development", "2026-12-04T23:55:00Z");
        var first = clock.GetUtcNow();
        Thread.Sleep(20);
        var second = clock.GetUtcNow();

        Assert.InRange(first - startsAt, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.True(second - first >= TimeSpan.FromMilliseconds(15));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_the_service_refuses_to_start_with_it(string environment)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ClockFor(environment, "2026-12-04T23:55:00Z"));

        Assert.Contains(DevelopmentClock.StartsAtKey, refused.Message);
        Assert.Contains(environment, refused.Message);
    }

    [Fact]
    public void A_start_that_is_not_an_instant_is_refused() =>
        Assert.Contains("ISO 8601", Assert.Throws<InvalidOperationException>(() => ClockFor("Development", "next Friday")).Message);
}
