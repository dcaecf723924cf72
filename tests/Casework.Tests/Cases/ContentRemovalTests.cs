using Casework.Calendar;
using Casework.Cases;
using Casework.ParentBreaches;
using Casework.Tests.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>Content removal is tracked per item of content (URL): each has its own requests, outcomes and R10 order.</summary>
public class ContentRemovalTests
{
    private const string First = "https://facebook.example/post/1", Second = "https://facebook.example/post/2";

    private static readonly Actor Dsl = As(TestSchool.Dsl);

    private static RequestContentRemoval Ask(RemovalAskedOf of, string url, DateTimeOffset? at = null) => new(Dsl, at ?? Now, of, url, at ?? Now);

    private static RecordContentRemovalOutcome Answer(RemovalAskedOf of, string url, ContentRemovalOutcome outcome, DateTimeOffset? at = null) =>
        new(Dsl, at ?? Now, of, url, outcome, at ?? Now);

    private static readonly Spec<ParentBreach.State> Breach = Spec.ParentBreach.Given(ParentBreachTests.Abuse);

    [Fact]
    public void R10_two_posts_by_the_same_poster_are_two_requests()
    {
        var asked = Breach.Do(Ask(RemovalAskedOf.Poster, First)).Do(Ask(RemovalAskedOf.Poster, Second));

        Assert.Equal(
            [new RemovalRequest(First, RemovalAskedOf.Poster, Now, null), new RemovalRequest(Second, RemovalAskedOf.Poster, Now, null)],
            asked.State.Case.Removals);
    }

    [Fact]
    public void R14_the_same_url_asked_of_the_same_party_again_records_nothing() =>
        Breach.Given(new ContentRemovalRequested(RemovalAskedOf.Poster, First, Earlier)).When(Ask(RemovalAskedOf.Poster, First)).ThenNothing();

    [Fact]
    public void R10_the_platform_is_asked_about_a_url_only_after_its_own_poster_request_failed()
    {
        var firstRefused = Breach.Do(Ask(RemovalAskedOf.Poster, First)).Do(Answer(RemovalAskedOf.Poster, First, ContentRemovalOutcome.Refused));

        firstRefused.When(Ask(RemovalAskedOf.Platform, First)).Then(new ContentRemovalRequested(RemovalAskedOf.Platform, First, Now));
        firstRefused.When(Ask(RemovalAskedOf.Platform, Second)).ThenRefuses("R10");
        firstRefused.Do(Ask(RemovalAskedOf.Poster, Second)).When(Ask(RemovalAskedOf.Posh, Second)).ThenRefuses("R10");
    }

    [Fact]
    public void R10_each_url_waits_for_its_poster_for_its_own_working_days()
    {
        // The first post asked on Tuesday 10 March, the second a week later: five working days end with the 17th and the 24th.
        var secondAskedAt = Now.AddDays(7);
        var asked = Breach.Do(Ask(RemovalAskedOf.Poster, First)).Do(Ask(RemovalAskedOf.Poster, Second, secondAskedAt));
        var thursday = new DateTimeOffset(2026, 3, 19, 9, 0, 0, TimeSpan.Zero);

        asked.When(Ask(RemovalAskedOf.Platform, First, thursday)).Then(new ContentRemovalRequested(RemovalAskedOf.Platform, First, thursday));
        asked.When(Ask(RemovalAskedOf.Platform, Second, thursday)).ThenRefuses("R10");
        asked.When(Answer(RemovalAskedOf.Poster, Second, ContentRemovalOutcome.NoResponse, thursday)).ThenRefuses("R10");
        asked.When(Answer(RemovalAskedOf.Poster, First, ContentRemovalOutcome.NoResponse, thursday))
            .Then(new ContentRemovalOutcomeRecorded(RemovalAskedOf.Poster, ContentRemovalOutcome.NoResponse, thursday, First));
    }

    [Fact]
    public void R10_an_outcome_names_the_url_it_answers()
    {
        var asked = Breach.Do(Ask(RemovalAskedOf.Poster, First)).Do(Ask(RemovalAskedOf.Poster, Second));

        asked.When(Answer(RemovalAskedOf.Poster, "https://facebook.example/post/3", ContentRemovalOutcome.Removed)).ThenRefuses("R10");
        var answered = asked.Do(Answer(RemovalAskedOf.Poster, Second, ContentRemovalOutcome.Removed));
        Assert.Equal([null, ContentRemovalOutcome.Removed], answered.State.Case.Removals.Select(r => r.Outcome));
        answered.When(Answer(RemovalAskedOf.Poster, Second, ContentRemovalOutcome.Removed)).ThenNothing();
    }

    [Fact]
    public void R10_each_poster_request_has_its_own_response_deadline_naming_its_url()
    {
        var state = Breach.Do(Ask(RemovalAskedOf.Poster, First)).Do(Ask(RemovalAskedOf.Poster, Second, Now.AddDays(7)))
            .Do(Answer(RemovalAskedOf.Poster, First, ContentRemovalOutcome.Refused, Now.AddDays(7))).State;

        var deadlines = ParentBreach.Deadlines(state)
            .Where(d => d.Name == DeadlineNames.PosterRemovalResponse);

        Assert.Equal(
            [
                new Deadline(DeadlineNames.PosterRemovalResponse, new DateTimeOffset(2026, 3, 18, 0, 0, 0, TimeSpan.Zero), true, First),
                new Deadline(DeadlineNames.PosterRemovalResponse, new DateTimeOffset(2026, 3, 25, 0, 0, 0, TimeSpan.Zero), false, Second),
            ],
            deadlines);
    }

    [Fact]
    public void R10_another_url_may_always_be_asked_about_so_the_action_stays_offered()
    {
        var state = Breach.Given(new ContentRemovalRequested(RemovalAskedOf.Poster, First, Earlier), new ContentRemovalRequested(RemovalAskedOf.Platform, First, Earlier),
            new ContentRemovalRequested(RemovalAskedOf.Posh, First, Earlier)).State;

        Assert.Contains(CaseAction.RequestContentRemoval, ParentBreach.AllowedActions(state, As(TestSchool.Dsl), Context, Now));
    }
}
