using Casework.Allegations;
using Casework.Cases;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>R14 for LADO and HR advice: advice sent again records nothing new; different advice is recorded.</summary>
[Collection(ApiSuite.Name)]
public sealed class AllegationAdviceApiTests(ApiFixture api)
{
    private static readonly Who Headteacher = new(School.Headteacher, "headteacher", "staff");

    private static readonly DateTimeOffset Given = DateTimeOffset.UtcNow.AddHours(-1);

    private static RecordAllegationAdvice.LadoRequest Advice(string advice) => new(advice, Given);

    private Task<Given> Allegation() => api.GivenAsync(
        new AllegationReported(School.Teacher, Given.AddHours(-2), School.OtherTeacher, "Shouted at a pupil and grabbed his arm.", Given.AddHours(-3), false, false),
        new AllegationCaseManagerAssigned(School.Headteacher, Role.Headteacher));

    [Fact]
    public async Task R14_given_lado_advice_recorded_when_the_same_advice_is_sent_again_then_200_and_nothing_new()
    {
        var given = await Allegation();
        var first = await api.WhenPostedAsync(given, Headteacher, CaseActions.RecordLadoAdvice, Advice("Strategy meeting on Monday."));
        Assert.True(first.Status == 200, first.ToString());

        var again = await api.WhenPostedAsync(given with { Version = given.Version + 1 }, Headteacher, CaseActions.RecordLadoAdvice, Advice("Strategy meeting on Monday."));

        Assert.True(again.Status == 200, again.ToString());
        Assert.Empty(again.Appended);
    }

    [Fact]
    public async Task R14_given_lado_advice_recorded_when_different_advice_is_sent_then_it_is_recorded()
    {
        var given = await Allegation();
        await api.WhenPostedAsync(given, Headteacher, CaseActions.RecordLadoAdvice, Advice("Strategy meeting on Monday."));

        var then = await api.WhenPostedAsync(given with { Version = given.Version + 1 }, Headteacher, CaseActions.RecordLadoAdvice, Advice("Strategy meeting moved to Tuesday."));

        Assert.True(then.Status == 200, then.ToString());
        var advice = Assert.IsType<AllegationAdviceRecorded>(Assert.Single(then.Appended));
        Assert.Equal("Strategy meeting moved to Tuesday.", advice.Advice);
        Assert.NotNull(advice.AdviceId);
    }
}
