using Casework.Cases;
using Casework.ParentBreaches;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>R10 per item of content: two posts are two removal requests, each with its own order, outcomes and deadline.</summary>
[Collection(ApiSuite.Name)]
public sealed class ContentRemovalApiTests(ApiFixture api)
{
    private const string First = "https://www.facebook.com/groups/clarendonparents/posts/1", Second = "https://www.facebook.com/groups/clarendonparents/posts/2";

    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    private static RequestContentRemoval.Request Ask(RemovalAskedOf of, string url) => new(of, url, HoursAgo(1));

    private static RecordContentRemovalOutcome.Request Answer(RemovalAskedOf of, string url, ContentRemovalOutcome outcome) => new(of, url, outcome, HoursAgo(0.5));

    private async Task<CaseView> TwoPostsAskedOfTheirPoster()
    {
        var reported = await Report(api.ClientFor(School.Teacher, "staff"), "/api/parent-breaches", ReportParentBreach.Request.Example with
        {
            ParentId = School.Parent,
            PupilIds = [School.Year8Pupil],
            OccurredAt = HoursAgo(20),
            TargetStaffId = null,
        });
        var breach = await Ok(Dsl, await Get(Dsl, reported.Id), CaseActions.RequestContentRemoval, Ask(RemovalAskedOf.Poster, First));
        return await Ok(Dsl, breach, CaseActions.RequestContentRemoval, Ask(RemovalAskedOf.Poster, Second));
    }

    [Fact]
    public async Task R10_each_post_has_its_own_poster_deadline_and_goes_to_the_platform_only_once_its_own_poster_refused()
    {
        var breach = await TwoPostsAskedOfTheirPoster();
        Assert.Equal([First, Second], breach.Deadlines!.Where(d => d.Name == DeadlineNames.PosterRemovalResponse).Select(d => d.Url));

        breach = await Ok(Dsl, breach, CaseActions.RecordContentRemovalOutcome, Answer(RemovalAskedOf.Poster, First, ContentRemovalOutcome.Refused));
        await Refused(api, Dsl, breach, CaseActions.RequestContentRemoval, Ask(RemovalAskedOf.Platform, Second), "R10");
        breach = await Ok(Dsl, breach, CaseActions.RequestContentRemoval, Ask(RemovalAskedOf.Platform, First));

        Assert.Equal(3, await api.Stored(breach, "content-removal-requested"));
        Assert.Equal([true, false], breach.Deadlines!.Where(d => d.Name == DeadlineNames.PosterRemovalResponse).Select(d => d.Satisfied));
    }

    [Fact]
    public async Task R10_an_outcome_for_a_url_that_was_not_asked_about_is_refused()
    {
        var breach = await TwoPostsAskedOfTheirPoster();

        await Refused(api, Dsl, breach, CaseActions.RecordContentRemovalOutcome,
            Answer(RemovalAskedOf.Poster, "https://www.facebook.com/groups/clarendonparents/posts/3", ContentRemovalOutcome.Removed), "R10");
    }

    [Fact]
    public async Task R10_an_outcome_at_a_stale_version_is_409_and_records_nothing()
    {
        var breach = await TwoPostsAskedOfTheirPoster();

        await Stale(api, Dsl, breach, CaseActions.RecordContentRemovalOutcome, Answer(RemovalAskedOf.Poster, First, ContentRemovalOutcome.Removed));
    }
}
