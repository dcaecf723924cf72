using Casework.Cases;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>
/// R1: a time is never in the future, and the refusal names the request's field it came from, as the API spells it, so
/// that the console's error summary links to the field (issue 15), whatever expression the decider passes.
/// </summary>
public sealed class FutureTimeTests
{
    private sealed record Times(DateTimeOffset OccurredAt, DateTimeOffset? IncidentAt);

    [Fact]
    public void R1_a_time_in_the_future_names_its_field_in_camel_case_whatever_the_expression()
    {
        var times = new Times(Now.AddMinutes(1), Now.AddMinutes(1));
        DateTimeOffset? receivedAt = Now.AddMinutes(1);

        var fromProperty = Assert.Throws<RuleViolation>(() => Require.NotInFuture(times.OccurredAt, Now, "of the referral"));
        var fromNullable = Assert.Throws<RuleViolation>(() => Require.NotInFuture(times.IncidentAt!.Value, Now, "of the incident"));
        var fromDefault = Assert.Throws<RuleViolation>(() => Require.NotInFuture(receivedAt ?? Now, Now, "the school was told"));

        Assert.Equal(("R1", "occurredAt"), (fromProperty.Rule, fromProperty.Field));
        Assert.Equal("incidentAt", fromNullable.Field);
        Assert.Equal("receivedAt", fromDefault.Field);
        Assert.Equal("The time of the referral cannot be in the future.", fromProperty.Message);
    }

    [Fact]
    public void R1_now_itself_is_not_in_the_future() => Require.NotInFuture(Now, Now, "it happened");
}
