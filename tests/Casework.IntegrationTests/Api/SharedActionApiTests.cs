using System.Net;
using System.Reflection;
using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.ParentBreaches;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>The actions every kind of case offers, over HTTP, on cases the DSL manages.</summary>
[Collection(ApiSuite.Name)]
public sealed class SharedActionApiTests(ApiFixture api)
{
    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    /// <summary>A disclosure a teacher recorded, as the DSL reads it.</summary>
    private async Task<CaseView> Disclosure()
    {
        var reported = await Report(api.ClientFor(School.Teacher, "staff"), "/api/disclosures", RecordDisclosure.Request.Example with
        {
            PupilId = School.Year8Pupil,
            DisclosedTo = School.Teacher,
            OccurredAt = HoursAgo(2),
        });
        return await Get(Dsl, reported.Id);
    }

    /// <summary>The case once the DSL has triaged it: a concern or a disclosure closes only then (R2).</summary>
    private Task<CaseView> Triaged(CaseView view) => Ok(Dsl, view, CaseActions.Triage, TriageCase.Request.Example);

    /// <summary>A concern that a pupil cyberbullied a member of staff (R12).</summary>
    private async Task<CaseView> StaffCyberbullied() =>
        await Report(Dsl, "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year8Pupil, PupilRole.AllegedPerpetrator)],
            OccurredAt = HoursAgo(5),
            StaffVictimId = School.OtherTeacher,
        });

    /// <summary>A parent's post with nothing in it that needs the police (no R11 or R12 steps).</summary>
    private async Task<CaseView> ParentPost() =>
        await Report(Dsl, "/api/parent-breaches", ReportParentBreach.Request.Example with
        {
            ParentId = School.Parent,
            PupilIds = [School.Year8Pupil],
            Flags = [],
            OccurredAt = HoursAgo(20),
            TargetStaffId = null,
        });

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Every_action_has_its_own_route_that_reads_its_example(string action)
    {
        var response = await Act(Dsl, Guid.NewGuid(), action, 1, Examples[action]);

        // Routed and read: the only thing wrong is that there is no such case (an unmapped route would be a bare 404).
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No such case.", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> Actions() =>
        new(typeof(CaseActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .Where(a => a != CaseActions.Report));

    [Theory]
    [InlineData(CaseActions.EscalateToDsl)]
    [InlineData(CaseActions.ReferToPolice)]
    [InlineData(CaseActions.ReferToSocialCare)]
    [InlineData(CaseActions.RecordReferralAcknowledgement)]
    [InlineData(CaseActions.RequestContentRemoval)]
    [InlineData(CaseActions.RecordContentRemovalOutcome)]
    [InlineData(CaseActions.RecordMeeting)]
    [InlineData(CaseActions.RecordEvidence)]
    [InlineData(CaseActions.RecordDecision)]
    [InlineData(CaseActions.AssignAction)]
    [InlineData(CaseActions.CompleteAction)]
    [InlineData(CaseActions.AddNote)]
    [InlineData(CaseActions.RecordVictimWishes)]
    [InlineData(CaseActions.ShareTimeline)]
    [InlineData(CaseActions.Close)]
    [InlineData(CaseActions.Reopen)]
    public async Task A_stale_if_match_is_409_and_records_nothing(string action)
    {
        var disclosure = await Ok(Dsl, await Disclosure(), CaseActions.AddNote, AddNote.Request.Example);

        await Stale(api, Dsl, disclosure, action, Examples[action]);
    }

    [Fact]
    public async Task R3_the_head_escalates_a_parent_breach_to_the_dsl_with_a_reason()
    {
        var breach = await ParentPost();
        var head = api.ClientFor(School.Headteacher, ["headteacher", "staff"]);

        await Ok(head, breach, CaseActions.EscalateToDsl, EscalateToDsl.Request.Example);

        Assert.Equal(1, await api.Stored(breach, "case-escalated-to-dsl"));
        await Refused(api, head, await ParentPost(), CaseActions.EscalateToDsl, new EscalateToDsl.Request(" "), "R3");
    }

    [Fact]
    public async Task R12_the_police_are_told_of_staff_cyberbullying_only_once_the_victim_wants_it()
    {
        var concern = await StaffCyberbullied();
        var referral = ReferToPolice.Request.Example with { OccurredAt = HoursAgo(1) };
        await Refused(api, Dsl, concern, CaseActions.ReferToPolice, referral, "R12");

        concern = await Ok(Dsl, concern, CaseActions.RecordVictimWishes, new RecordVictimWishes.Request(true, HoursAgo(2)));
        await Ok(Dsl, concern, CaseActions.ReferToPolice, referral);

        Assert.Equal(1, await api.Stored(concern, "victim-wishes-recorded"));
        Assert.Equal(1, await api.Stored(concern, "case-referred-to-police"));
    }

    [Fact]
    public async Task R12_a_victim_who_does_not_want_the_police_decides_and_the_case_closes()
    {
        var concern = await Triaged(await StaffCyberbullied());
        await Refused(api, Dsl, concern, CaseActions.Close, CloseCase.Request.Example, "R12");

        concern = await Ok(Dsl, concern, CaseActions.RecordVictimWishes, RecordVictimWishes.Request.Example with { OccurredAt = HoursAgo(1) });
        await Refused(api, Dsl, concern, CaseActions.ReferToPolice, ReferToPolice.Request.Example with { OccurredAt = HoursAgo(1) }, "R12");
        concern = await Ok(Dsl, concern, CaseActions.Close, CloseCase.Request.Example);

        Assert.Equal("closed", concern.Status);
    }

    [Fact]
    public async Task R12_victim_wishes_are_refused_where_no_member_of_staff_is_the_victim()
    {
        await Refused(api, Dsl, await Disclosure(), CaseActions.RecordVictimWishes, RecordVictimWishes.Request.Example, "R12");
    }

    [Fact]
    public async Task R15_a_social_care_referral_awaits_acknowledgement_until_it_is_recorded()
    {
        var disclosure = await Ok(Dsl, await Disclosure(), CaseActions.ReferToSocialCare, ReferToSocialCare.Request.Example with { OccurredAt = HoursAgo(1) });
        Assert.Contains(disclosure.Deadlines!, d => d.Name == DeadlineNames.SocialCareAcknowledgement && !d.Satisfied);

        disclosure = await Ok(Dsl, disclosure, CaseActions.RecordReferralAcknowledgement,
            RecordReferralAcknowledgement.Request.Example with { OccurredAt = HoursAgo(0.5) });

        Assert.Contains(disclosure.Deadlines!, d => d.Name == DeadlineNames.SocialCareAcknowledgement && d.Satisfied);
        Assert.Equal(1, await api.Stored(disclosure, "case-referred-to-social-care"));
        Assert.Equal(1, await api.Stored(disclosure, "referral-acknowledged"));
    }

    [Fact]
    public async Task R3_a_social_care_referral_says_what_was_referred()
    {
        await Refused(api, Dsl, await Disclosure(), CaseActions.ReferToSocialCare, new ReferToSocialCare.Request("", HoursAgo(1)), "R3");
    }

    [Fact]
    public async Task R15_an_acknowledgement_needs_a_referral_waiting_for_one()
    {
        await Refused(api, Dsl, await Disclosure(), CaseActions.RecordReferralAcknowledgement, RecordReferralAcknowledgement.Request.Example, "R15");
    }

    [Fact]
    public async Task R10_content_removal_is_asked_of_the_poster_and_their_answer_recorded()
    {
        var breach = await Ok(Dsl, await ParentPost(), CaseActions.RequestContentRemoval,
            RequestContentRemoval.Request.Example with { OccurredAt = HoursAgo(2) });
        breach = await Ok(Dsl, breach, CaseActions.RecordContentRemovalOutcome,
            new RecordContentRemovalOutcome.Request(RemovalAskedOf.Poster, RequestContentRemoval.Request.Example.Url, ContentRemovalOutcome.Removed, HoursAgo(1)));

        Assert.Equal(1, await api.Stored(breach, "content-removal-requested"));
        Assert.Equal(1, await api.Stored(breach, "content-removal-outcome-recorded"));
    }

    [Fact]
    public async Task R10_the_platform_is_not_asked_before_the_poster()
    {
        await Refused(api, Dsl, await ParentPost(), CaseActions.RequestContentRemoval,
            RequestContentRemoval.Request.Example with { From = RemovalAskedOf.Platform, OccurredAt = HoursAgo(1) }, "R10");
    }

    [Fact]
    public async Task R10_no_response_is_not_recorded_while_the_poster_may_still_answer()
    {
        var breach = await Ok(Dsl, await ParentPost(), CaseActions.RequestContentRemoval,
            RequestContentRemoval.Request.Example with { OccurredAt = HoursAgo(2) });

        await Refused(api, Dsl, breach, CaseActions.RecordContentRemovalOutcome,
            new RecordContentRemovalOutcome.Request(RemovalAskedOf.Poster, RequestContentRemoval.Request.Example.Url, ContentRemovalOutcome.NoResponse, HoursAgo(1)), "R10");
    }

    [Fact]
    public async Task R3_a_meeting_is_recorded_with_who_attended()
    {
        var disclosure = await Ok(Dsl, await Disclosure(), CaseActions.RecordMeeting, RecordMeeting.Request.Example with { OccurredAt = HoursAgo(1) });

        Assert.Equal(1, await api.Stored(disclosure, "meeting-held"));
        await Refused(api, Dsl, disclosure, CaseActions.RecordMeeting, RecordMeeting.Request.Example with { OccurredAt = HoursAgo(1), Attendees = [] }, "R3");
    }

    [Fact]
    public async Task R13_evidence_records_where_it_was_found_and_when_it_happened()
    {
        var evidence = new RecordEvidence.Request(EvidenceKind.Message, "Instagram direct messages", HoursAgo(30), HoursAgo(3),
            "Transcript of the messages the pupil showed me, written up at the time.");
        var disclosure = await Ok(Dsl, await Disclosure(), CaseActions.RecordEvidence, evidence);

        Assert.Equal(1, await api.Stored(disclosure, "evidence-recorded"));
        await Refused(api, Dsl, disclosure, CaseActions.RecordEvidence, evidence with { Where = " " }, "R13");
    }

    [Fact]
    public async Task R3_a_decision_carries_its_rationale()
    {
        var decision = new RecordDecision.Request(CaseDecision.NoFurtherAction, "The pupil was describing a film she had watched.");
        var disclosure = await Ok(Dsl, await Disclosure(), CaseActions.RecordDecision, decision);

        Assert.Equal(1, await api.Stored(disclosure, "decision-recorded"));
        await Refused(api, Dsl, disclosure, CaseActions.RecordDecision, decision with { Decision = CaseDecision.Other, Rationale = "" }, "R3");
    }

    [Fact]
    public async Task R3_an_action_is_assigned_and_completed_by_the_id_the_timeline_shows()
    {
        var disclosure = await Ok(Dsl, await Disclosure(), CaseActions.AssignAction, AssignAction.Request.Example with { AssigneeId = School.Teacher });
        var assigned = (await Timeline(Dsl, disclosure.Id)).Single(e => e.Type == "action-assigned");
        var actionId = assigned.Data.GetProperty("actionId").GetGuid();

        disclosure = await Ok(Dsl, disclosure, CaseActions.CompleteAction, CompleteAction.Request.Example with { ActionId = actionId });

        Assert.Equal(1, await api.Stored(disclosure, "action-completed"));
        await Refused(api, Dsl, disclosure, CaseActions.AssignAction, AssignAction.Request.Example with { What = " " }, "R3");
    }

    [Fact]
    public async Task R14_there_is_no_action_to_complete_until_one_is_assigned()
    {
        await Refused(api, Dsl, await Disclosure(), CaseActions.CompleteAction, CompleteAction.Request.Example, "R14");
    }

    [Fact]
    public async Task R3_a_note_has_some_text()
    {
        var disclosure = await Ok(Dsl, await Disclosure(), CaseActions.AddNote, AddNote.Request.Example);

        Assert.Equal(1, await api.Stored(disclosure, "note-added"));
        await Refused(api, Dsl, disclosure, CaseActions.AddNote, new AddNote.Request(""), "R3");
    }

    [Fact]
    public async Task R1_a_note_is_dated_when_what_it_records_happened_never_in_the_future_and_otherwise_when_it_was_recorded()
    {
        var rang = HoursAgo(3);
        var disclosure = await Ok(Dsl, await Disclosure(), CaseActions.AddNote, new AddNote.Request("Mum rang this morning: a bad night.", rang));
        disclosure = await Ok(Dsl, disclosure, CaseActions.AddNote, new AddNote.Request("Spoke to the form tutor."));

        var notes = (await Timeline(Dsl, disclosure.Id)).Where(e => e.Type == "note-added").ToList();
        Assert.Equal(2, notes.Count);
        Assert.Equal(rang, notes[0].OccurredAt);
        Assert.True(notes[0].RecordedAt - notes[0].OccurredAt > TimeSpan.FromHours(2), "the dated note keeps the time given, not when it was recorded");
        Assert.Equal(notes[1].RecordedAt, notes[1].OccurredAt);
        await Refused(api, Dsl, disclosure, CaseActions.AddNote, new AddNote.Request("Tomorrow's call.", api.Clock.GetUtcNow().AddHours(2)), "R1");
    }

    [Fact]
    public async Task R3_sharing_the_timeline_says_with_whom_and_why_even_on_a_closed_case()
    {
        var closed = await Ok(Dsl, await Triaged(await Disclosure()), CaseActions.Close, CloseCase.Request.Example);

        var shared = await Ok(Dsl, closed, CaseActions.ShareTimeline, ShareTimeline.Request.Example);

        Assert.Equal(1, await api.Stored(shared, "timeline-shared"));
        await Refused(api, Dsl, shared, CaseActions.ShareTimeline, ShareTimeline.Request.Example with { Why = "" }, "R3");
    }

    [Fact]
    public async Task R14_a_closed_case_accepts_nothing_but_reopen_with_a_reason()
    {
        var closed = await Ok(Dsl, await Triaged(await Disclosure()), CaseActions.Close, CloseCase.Request.Example);
        Assert.Equal(1, await api.Stored(closed, "case-closed"));
        await Refused(api, Dsl, closed, CaseActions.AddNote, AddNote.Request.Example, "R14");
        await Refused(api, Dsl, closed, CaseActions.Reopen, new ReopenCase.Request(" "), "R14");

        var reopened = await Ok(Dsl, closed, CaseActions.Reopen, new ReopenCase.Request("The pupil disclosed again the next morning."));

        Assert.Equal("open", reopened.Status);
        Assert.Equal(1, await api.Stored(reopened, "case-reopened"));
    }

    [Fact]
    public async Task R14_closing_a_closed_case_again_records_nothing_new()
    {
        var closed = await Ok(Dsl, await Triaged(await Disclosure()), CaseActions.Close, CloseCase.Request.Example);

        var again = await Act(Dsl, closed.Id, CaseActions.Close, closed.Version!.Value, CloseCase.Request.Example);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(closed.Version, await api.VersionOf(closed));
    }

    [Fact]
    public async Task R2_only_the_dsl_acts_on_a_disclosure_and_others_cannot_see_it()
    {
        var disclosure = await Disclosure();

        var reporter = await Act(api.ClientFor(School.Teacher, "staff"), disclosure.Id, CaseActions.AddNote, 1, AddNote.Request.Example);
        var colleague = await Act(api.ClientFor(School.OtherTeacher, "staff"), disclosure.Id, CaseActions.AddNote, 1, AddNote.Request.Example);

        Assert.Equal(HttpStatusCode.Forbidden, reporter.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, colleague.StatusCode);
        Assert.Equal(1, await api.VersionOf(disclosure));
    }
}
