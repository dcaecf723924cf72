using Casework.Allegations;
using Casework.Cases;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>R5 (KCSIE Part 4): a police or social-care referral for an immediate risk of harm comes before the threshold assessment, with a rationale (R3).</summary>
[Collection(ApiSuite.Name)]
public sealed class AllegationImmediateRiskApiTests(ApiFixture api)
{
    private static readonly Who Headteacher = new(School.Headteacher, "headteacher", "staff");

    private const string Why = "The teacher told the pupil he would collect her from home tonight.";

    private static readonly DateTimeOffset Called = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(-1);

    private Task<Given> Unassessed() => api.GivenAsync(
        new AllegationReported(School.Teacher, Called.AddHours(-1), School.OtherTeacher, "Messages arranging to meet a pupil.", Called.AddHours(-2), false, false),
        new AllegationCaseManagerAssigned(School.Headteacher, Role.Headteacher));

    private static ReferToPolice.Request Police(bool immediateRisk, string? rationale) => new("Called 999.", Called, "CAD-77", immediateRisk, rationale);

    [Fact]
    public async Task R5_given_an_unassessed_allegation_when_the_police_are_called_for_an_immediate_risk_then_200_and_the_referral_says_so()
    {
        var given = await Unassessed();

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.ReferToPolice, Police(true, Why));

        Assert.True(then.Status == 200, then.ToString());
        Assert.Equal<object>([new CaseReferredToPolice("Called 999.", "CAD-77", Called, true, Why)], then.Appended);
    }

    [Fact]
    public async Task R5_given_an_unassessed_allegation_when_social_care_is_called_for_an_immediate_risk_then_200()
    {
        var given = await Unassessed();

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.ReferToSocialCare,
            new ReferToSocialCare.Request("Called the MASH.", Called, null, true, Why));

        Assert.True(then.Status == 200, then.ToString());
        Assert.Equal<object>([new CaseReferredToSocialCare("Called the MASH.", null, Called, true, Why)], then.Appended);
    }

    [Fact]
    public async Task R5_given_an_unassessed_allegation_when_the_police_are_referred_to_without_an_immediate_risk_then_422_and_no_event()
    {
        var given = await Unassessed();

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.ReferToPolice, Police(false, null));

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R5", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R3_given_an_unassessed_allegation_when_an_immediate_risk_is_recorded_without_a_rationale_then_422_and_no_event()
    {
        var given = await Unassessed();

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.ReferToPolice, Police(true, null));

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R3", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R5_given_an_unassessed_allegation_when_referred_at_a_stale_version_then_409_and_no_event()
    {
        var given = await Unassessed();

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.ReferToPolice, Police(true, Why), ifMatch: 1);

        Assert.True(then.Status == 409, then.ToString());
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R5_the_case_view_offers_the_referrals_before_the_assessment_and_nothing_that_must_wait()
    {
        var given = await Unassessed();

        var view = await Get(api.ClientFor(School.Headteacher, ["headteacher", "staff"]), given.CaseId);

        Assert.Contains(CaseAction.ReferToPolice, view.AllowedActions);
        Assert.Contains(CaseAction.ReferToSocialCare, view.AllowedActions);
        Assert.DoesNotContain(CaseAction.RecordInvestigationStep, view.AllowedActions);
    }
}
