using System.Net;
using System.Net.Http.Json;
using Casework.Cases;
using Casework.ParentBreaches;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>A parent's breach of the social-media code over HTTP (Clarendon §6, Sladefield, St Thomas §8; R10–R12).</summary>
[Collection(ApiSuite.Name)]
public sealed class ParentBreachApiTests(ApiFixture api)
{
    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    private HttpClient Head => api.ClientFor(School.Headteacher, ["headteacher", "staff"]);

    private static InviteParentToMeeting.Request Invitation => new(DateTimeOffset.UtcNow.AddDays(3), HoursAgo(1));

    private static ApplySanction.Request Sanction => ApplySanction.Request.Example with { OccurredAt = HoursAgo(0.5) };

    private static RequestContentRemoval.Request AskPoster(double hoursAgo) =>
        RequestContentRemoval.Request.Example with { From = RemovalAskedOf.Poster, OccurredAt = HoursAgo(hoursAgo) };

    /// <summary>A teacher reports a parent's post; the view is the DSL's.</summary>
    private async Task<CaseView> Breach(ValueList<MaterialFlag> flags, Guid? targetStaff = null)
    {
        var reported = await Report(api.ClientFor(School.Teacher, "staff"), "/api/parent-breaches", ReportParentBreach.Request.Example with
        {
            ParentId = School.Parent,
            PupilIds = [School.Year8Pupil],
            Flags = flags,
            OccurredAt = HoursAgo(20),
            TargetStaffId = targetStaff,
        });
        return await Get(Dsl, reported.Id);
    }

    [Fact]
    public async Task R1_anyone_reports_a_parents_post_and_gets_201_with_location_and_etag()
    {
        var response = await api.ClientFor(School.Teacher, "staff").PostAsJsonAsync("/api/parent-breaches", new
        {
            parentId = School.Parent,
            pupilIds = new[] { School.Year8Pupil },
            platform = "Facebook",
            whatWasPosted = "A photo of the school gate with a comment that the head 'will get what's coming'.",
            flags = new[] { "threatening" },
            occurredAt = HoursAgo(4),
            url = "https://www.facebook.com/groups/clarendonparents/posts/55",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadAsync<CaseView>())!;
        Assert.Equal($"/api/cases/{view.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal(1, await api.Stored(view, "parent-breach-reported"));
    }

    [Fact]
    public async Task R1_a_post_by_someone_not_in_the_directory_is_refused()
    {
        await ReportRefused(api.ClientFor(School.Teacher, "staff"), "/api/parent-breaches",
            ReportParentBreach.Request.Example with { OccurredAt = HoursAgo(4), TargetStaffId = null }, "R1");
    }

    [Theory]
    [InlineData(CaseActions.InviteToMeeting)]
    [InlineData(CaseActions.ApplySanction)]
    public async Task A_stale_if_match_is_409_and_records_nothing(string action)
    {
        var breach = await Ok(Dsl, await Breach([]), CaseActions.AddNote, AddNote.Request.Example);

        await Stale(api, Dsl, breach, action, Examples[action]);
    }

    [Fact]
    public async Task R10_a_sanction_is_applied_only_after_the_parent_was_invited_to_meet()
    {
        var breach = await Breach([]);
        await Refused(api, Head, breach, CaseActions.ApplySanction, Sanction, "R10");

        breach = await Ok(Dsl, breach, CaseActions.InviteToMeeting, Invitation);
        breach = await Ok(Head, breach, CaseActions.ApplySanction, Sanction);

        Assert.Equal(1, await api.Stored(breach, "parent-invited-to-meeting"));
        Assert.Equal(1, await api.Stored(breach, "parent-sanction-applied"));
    }

    [Fact]
    public async Task R14_a_closed_breach_accepts_no_invitation()
    {
        var closed = await Ok(Dsl, await Breach([]), CaseActions.Close, CloseCase.Request.Example);

        await Refused(api, Dsl, closed, CaseActions.InviteToMeeting, Invitation, "R14");
    }

    [Fact]
    public async Task R10_posh_is_asked_once_the_poster_did_not_respond_in_time()
    {
        var breach = await Ok(Dsl, await Breach([]), CaseActions.RequestContentRemoval, AskPoster(hoursAgo: 14 * 24));
        breach = await Ok(Dsl, breach, CaseActions.RecordContentRemovalOutcome,
            new RecordContentRemovalOutcome.Request(RemovalAskedOf.Poster, RequestContentRemoval.Request.Example.Url, ContentRemovalOutcome.NoResponse, HoursAgo(1)));

        breach = await Ok(Dsl, breach, CaseActions.RequestContentRemoval, AskPoster(0.5) with { From = RemovalAskedOf.Posh });

        Assert.Equal(2, await api.Stored(breach, "content-removal-requested"));
    }

    [Fact]
    public async Task R10_R11_a_threatening_post_about_a_teacher_is_handled_as_sladefield_requires()
    {
        // Sladefield: a parent's threatening, abusive post naming a teacher in the parents' Facebook group.
        var breach = await Breach([MaterialFlag.Threatening, MaterialFlag.Abusive], targetStaff: School.OtherTeacher);
        var platform = AskPoster(0.5) with { From = RemovalAskedOf.Platform };

        // R10: the poster is asked first, and has their chance to answer.
        await Refused(api, Dsl, breach, CaseActions.RequestContentRemoval, platform, "R10");
        breach = await Ok(Dsl, breach, CaseActions.RequestContentRemoval, AskPoster(3));
        await Refused(api, Dsl, breach, CaseActions.RequestContentRemoval, platform, "R10");
        breach = await Ok(Dsl, breach, CaseActions.RecordContentRemovalOutcome,
            new RecordContentRemovalOutcome.Request(RemovalAskedOf.Poster, RequestContentRemoval.Request.Example.Url, ContentRemovalOutcome.Refused, HoursAgo(2)));
        breach = await Ok(Dsl, breach, CaseActions.RequestContentRemoval, platform);
        breach = await Ok(Dsl, breach, CaseActions.RecordContentRemovalOutcome,
            new RecordContentRemovalOutcome.Request(RemovalAskedOf.Platform, RequestContentRemoval.Request.Example.Url, ContentRemovalOutcome.Removed, HoursAgo(0.25)));

        // R10: a meeting before any sanction.
        await Refused(api, Head, breach, CaseActions.ApplySanction, Sanction, "R10");
        breach = await Ok(Head, breach, CaseActions.InviteToMeeting, Invitation);
        breach = await Ok(Head, breach, CaseActions.RecordMeeting, RecordMeeting.Request.Example with { OccurredAt = HoursAgo(0.5) });
        breach = await Ok(Head, breach, CaseActions.ApplySanction, Sanction);

        // R12 then R11: the teacher's wishes, then the police or a reasoned decision not to involve them.
        breach = await Ok(Dsl, breach, CaseActions.RecordVictimWishes, RecordVictimWishes.Request.Example with { OccurredAt = HoursAgo(1) });
        await Refused(api, Dsl, breach, CaseActions.Close, CloseCase.Request.Example, "R11");
        breach = await Ok(Dsl, breach, CaseActions.RecordDecision, new RecordDecision.Request(CaseDecision.NotReferringToPolice,
            "The teacher does not want the police involved, the post is removed and the parent has apologised in the meeting."));
        breach = await Ok(Dsl, breach, CaseActions.Close, CloseCase.Request.Example);

        Assert.Equal("closed", breach.Status);
        Assert.Equal(1, await api.Stored(breach, "parent-sanction-applied"));
        Assert.Equal(1, await api.Stored(breach, "decision-recorded"));
        Assert.Equal(1, await api.Stored(breach, "case-closed"));
    }

    [Fact]
    public async Task R11_a_post_of_a_sexual_nature_closes_once_it_was_referred_to_the_police()
    {
        var breach = await Breach([MaterialFlag.SexualNature]);
        await Refused(api, Dsl, breach, CaseActions.Close, CloseCase.Request.Example, "R11");

        breach = await Ok(Dsl, breach, CaseActions.ReferToPolice, ReferToPolice.Request.Example with { OccurredAt = HoursAgo(1) });
        breach = await Ok(Dsl, breach, CaseActions.Close, CloseCase.Request.Example);

        Assert.Equal(1, await api.Stored(breach, "case-referred-to-police"));
    }

    [Fact]
    public async Task Only_the_dsl_or_the_headteacher_acts_on_a_parent_breach()
    {
        var breach = await Breach([]);

        var reporter = await Act(api.ClientFor(School.Teacher, "staff"), breach.Id, CaseActions.InviteToMeeting, 1, Invitation);

        Assert.Equal(HttpStatusCode.Forbidden, reporter.StatusCode);
        Assert.Equal(1, await api.VersionOf(breach));
    }

    // ---------------------------------------------------------------- given events, when posted, then events and status

    private static readonly Who TheDsl = new(School.Dsl, "dsl", "staff");

    private static readonly Who Headteacher = new(School.Headteacher, "headteacher", "staff");

    private static ParentBreachReported Reported(params MaterialFlag[] flags) => new(
        School.Teacher, HoursAgo(18), School.Parent, [School.Year8Pupil], "Facebook", null,
        "A photo of the school gate with a comment about the head.", ValueList.From(flags), null, HoursAgo(20));

    [Fact]
    public async Task R10_given_a_reported_breach_when_a_sanction_is_posted_before_any_invitation_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Reported());

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.ApplySanction, Sanction);

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R10", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R10_given_the_parent_was_invited_to_meet_when_the_head_applies_a_sanction_then_200_and_it_is_recorded()
    {
        var given = await api.GivenAsync(Reported(), new ParentInvitedToMeeting(DateTimeOffset.UtcNow.AddDays(3), HoursAgo(2)));
        var sanction = Sanction;

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.ApplySanction, sanction);

        Assert.True(then.Status == 200, then.ToString());
        Assert.Equal<object>([new ParentSanctionApplied(sanction.Sanction, sanction.Details!, sanction.Rationale, sanction.OccurredAt)], then.Appended);
    }

    [Fact]
    public async Task R11_given_a_post_of_a_sexual_nature_when_the_dsl_closes_it_unreferred_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Reported(MaterialFlag.SexualNature));

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.Close, CloseCase.Request.Example);

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R11", then.Rule);
        Assert.Empty(then.Appended);
    }
}
