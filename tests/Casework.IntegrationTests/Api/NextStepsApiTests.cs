using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Allegations;
using Casework.Cases;
using Casework.ParentBreaches;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>nextSteps and waitingFor on the case view, per caller (ADR 30); nonsense actions refused by the API.</summary>
[Collection(ApiSuite.Name)]
public sealed class NextStepsApiTests(ApiFixture api)
{
    private HttpClient Head => api.ClientFor(School.Headteacher, ["headteacher", "staff"]);

    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    private HttpClient Teacher => api.ClientFor(School.Teacher, "staff");

    private HttpClient Lado => api.ClientFor(School.Lado, "lado-liaison");

    private async Task<CaseView> Allegation() =>
        await Report(Teacher, "/api/allegations", new ReportAllegation.Request(
            "A pupil says the teacher grabbed her arm in the corridor.", HoursAgo(3), false, false, SubjectId: School.OtherTeacher));

    [Fact]
    public async Task R5_the_heads_next_step_is_the_threshold_assessment_and_the_reporter_is_shown_none()
    {
        var reported = await Allegation();
        Assert.Empty(reported.NextSteps);
        Assert.Empty(reported.WaitingFor);

        var head = await Get(Head, reported.Id);
        Assert.Equal([CaseAction.AssessHarmThreshold], head.NextSteps);
        Assert.Empty(head.WaitingFor);

        var json = await (await Head.GetAsync($"/api/cases/{reported.Id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("assess-harm-threshold", json.GetProperty("nextSteps")[0].GetString());
    }

    [Fact]
    public async Task R4_after_the_lado_referral_the_head_waits_for_the_lado_whose_next_steps_are_the_lados_part()
    {
        var view = await Ok(Head, await Get(Head, (await Allegation()).Id), CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);
        Assert.Equal([CaseAction.ReferToLado, CaseAction.RecordOutcome], view.NextSteps);
        view = await Ok(Head, view, CaseActions.ReferToLado, ReferAllegationToLado.Request.Example with { OccurredAt = HoursAgo(1) });

        Assert.DoesNotContain(CaseAction.ReferToLado, view.NextSteps);
        Assert.Contains(CaseAction.ReferToLado, view.AllowedActions); // contacted again with new information
        Assert.Contains("the LADO's acknowledgement", view.WaitingFor);
        var lado = await Get(Lado, view.Id);
        Assert.Contains(CaseAction.RecordReferralAcknowledgement, lado.NextSteps);
        Assert.All(lado.NextSteps, step => Assert.Contains(step, lado.AllowedActions));
    }

    [Fact]
    public async Task R2_a_dsl_escalating_a_case_to_the_dsl_is_refused_and_nothing_is_recorded()
    {
        var breach = await Report(Dsl, "/api/parent-breaches", ReportParentBreach.Request.Example with
        {
            ParentId = School.Parent, PupilIds = [School.Year8Pupil], OccurredAt = HoursAgo(20), TargetStaffId = null,
        });
        Assert.DoesNotContain(CaseAction.EscalateToDsl, breach.AllowedActions);

        var response = await Act(Dsl, breach.Id, CaseActions.EscalateToDsl, breach.Version!.Value, EscalateToDsl.Request.Example);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("R2", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(0, await api.Stored(breach, "case-escalated-to-dsl"));
    }

    [Fact]
    public async Task R11_a_parents_threat_is_offered_and_accepts_a_referral_to_the_police()
    {
        var breach = await Report(Dsl, "/api/parent-breaches", ReportParentBreach.Request.Example with
        {
            ParentId = School.Parent, PupilIds = [School.Year8Pupil], OccurredAt = HoursAgo(20), TargetStaffId = null,
            Flags = [MaterialFlag.Threatening],
        });
        Assert.Equal([CaseAction.InviteToMeeting, CaseAction.ReferToPolice, CaseAction.RecordDecision], breach.NextSteps);

        var referred = await Ok(Head, await Get(Head, breach.Id), CaseActions.ReferToPolice, ReferToPolice.Request.Example with { OccurredAt = HoursAgo(1) });

        Assert.DoesNotContain(CaseAction.ReferToPolice, referred.NextSteps);
        Assert.Contains("the police's acknowledgement", referred.WaitingFor);
    }
    [Fact]
    public async Task R11_a_parents_threat_to_sort_out_a_teacher_is_the_schools_to_refer_to_the_police_whatever_the_teacher_wishes()
    {
        var breach = await Report(Dsl, "/api/parent-breaches", ReportParentBreach.Request.Example with
        {
            ParentId = School.Parent, PupilIds = [School.Year8Pupil], OccurredAt = HoursAgo(20), TargetStaffId = School.OtherTeacher,
            WhatWasPosted = "I'll be at the gate on Monday to sort him out myself.", Flags = [MaterialFlag.Threatening],
        });
        Assert.Contains(CaseAction.ReferToPolice, breach.NextSteps);
        Assert.Contains(CaseAction.RecordVictimWishes, breach.NextSteps);

        var view = await Ok(Head, await Get(Head, breach.Id), CaseActions.RecordVictimWishes,
            new RecordVictimWishes.Request(false, HoursAgo(2), "Would rather it were dealt with quietly."));
        Assert.Contains(CaseAction.ReferToPolice, view.AllowedActions);
        var referred = await Ok(Head, view, CaseActions.ReferToPolice, ReferToPolice.Request.Example with { OccurredAt = HoursAgo(1) });

        Assert.Contains("the police's acknowledgement", referred.WaitingFor);
        Assert.Equal(1, await api.Stored(referred, "case-referred-to-police"));
    }

    [Fact]
    public async Task The_LADO_is_named_in_the_timeline_as_their_token_names_them_not_as_someone_not_in_the_directory()
    {
        var view = await Ok(Head, await Get(Head, (await Allegation()).Id), CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);
        view = await Ok(Head, view, CaseActions.ReferToLado, ReferAllegationToLado.Request.Example with { OccurredAt = HoursAgo(1) });
        var lado = api.ClientNamed(School.Lado, "Lara Okafor (LADO, Surrey)", "lado-liaison");

        await Ok(lado, await Get(lado, view.Id), CaseActions.AddNote, AddNote.Request.Example);

        var timeline = await Timeline(Head, view.Id);
        Assert.Equal("Lara Okafor (LADO, Surrey)", timeline[^1].Who);
        Assert.Equal("Hari Head", timeline.Single(e => e.Type == "allegation-referred-to-lado").Who);
    }
}
