using System.Net;
using System.Net.Http.Json;
using Casework.Allegations;
using Casework.Cases;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>Allegations against staff over HTTP (KCSIE Part 4; R4–R8), including Cranborne's indecent images.</summary>
[Collection(ApiSuite.Name)]
public sealed class AllegationApiTests(ApiFixture api)
{
    private static readonly AssessHarmThreshold.Request Met = AssessHarmThreshold.Request.Example;

    private static readonly AssessHarmThreshold.Request NotMet =
        new([], "He raised his voice at the class about homework; no child was harmed or at risk, and nothing suggests unsuitability.");

    private HttpClient Head => api.ClientFor(School.Headteacher, ["headteacher", "staff"]);

    private HttpClient Chair => api.ClientFor(School.Chair, "chair-of-governors");

    private HttpClient Lado => api.ClientFor(School.Lado, "lado-liaison");

    private static ReferAllegationToLado.Request LadoReferral => ReferAllegationToLado.Request.Example with { OccurredAt = HoursAgo(1) };

    /// <summary>A teacher reports an allegation; the view is its case manager's.</summary>
    private async Task<CaseView> Allegation(Guid subject, bool indecentImages = false, bool unsuitableMaterial = false, HttpClient? manager = null)
    {
        var reported = await Report(api.ClientFor(School.Teacher, "staff"), "/api/allegations", new ReportAllegation.Request(
            "A Year 8 pupil says the teacher messaged her on Instagram late at night and asked her to keep it secret.",
            HoursAgo(6), indecentImages, unsuitableMaterial, SubjectId: subject));
        return await Get(manager ?? Head, reported.Id);
    }

    /// <summary>An allegation about a teacher, assessed by the head.</summary>
    private async Task<CaseView> Assessed(AssessHarmThreshold.Request assessment, Guid? subject = null, bool unsuitableMaterial = false) =>
        await Ok(Head, await Allegation(subject ?? School.OtherTeacher, unsuitableMaterial: unsuitableMaterial), CaseActions.AssessHarmThreshold, assessment);

    private static RecordAllegationOutcome.Request Outcome(AllegationOutcome outcome) => new(outcome, "The strategy meeting weighed the pupil's account against the messages on her phone.");

    [Fact]
    public async Task R4_an_allegation_goes_to_the_headteacher_and_its_subject_cannot_see_it()
    {
        var allegation = await Allegation(School.OtherTeacher);

        Assert.Equal("headteacher", allegation.ManagedBy);
        Assert.Equal(School.OtherTeacher, allegation.Subject);
        Assert.Contains(CaseAction.AssessHarmThreshold, allegation.AllowedActions);
        Assert.Equal(1, await api.Stored(allegation, "allegation-reported"));
        var subject = await api.ClientFor(School.OtherTeacher, "staff").GetAsync($"/api/cases/{allegation.Id}");
        Assert.Equal(HttpStatusCode.NotFound, subject.StatusCode);
    }

    [Fact]
    public async Task R4_an_allegation_about_the_headteacher_is_managed_by_the_chair_and_the_head_gets_404()
    {
        var allegation = await Allegation(School.Headteacher, manager: Chair);
        Assert.Equal("chair-of-governors", allegation.ManagedBy);

        Assert.Equal(HttpStatusCode.NotFound, (await Head.GetAsync($"/api/cases/{allegation.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Head.GetAsync($"/api/cases/{allegation.Id}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Act(Head, allegation.Id, CaseActions.AssessHarmThreshold, 2, Met)).StatusCode);

        allegation = await Ok(Chair, allegation, CaseActions.AssessHarmThreshold, Met);
        allegation = await Ok(Chair, allegation, CaseActions.ReferToLado, LadoReferral);
        allegation = await Ok(Lado, allegation, CaseActions.RecordLadoAdvice, RecordAllegationAdvice.LadoRequest.Example with { OccurredAt = HoursAgo(0.5) });

        Assert.Equal(HttpStatusCode.NotFound, (await Act(Head, allegation.Id, CaseActions.AddNote, allegation.Version!.Value, AddNote.Request.Example)).StatusCode);
        Assert.Equal(1, await api.Stored(allegation, "allegation-advice-recorded"));
        Assert.Equal(allegation.Version, await api.VersionOf(allegation));
    }

    [Theory]
    [InlineData(CaseActions.AssessHarmThreshold)]
    [InlineData(CaseActions.ReferToLado)]
    [InlineData(CaseActions.RecordLadoAdvice)]
    [InlineData(CaseActions.RecordHrAdvice)]
    [InlineData(CaseActions.RecordLowLevelConcern)]
    [InlineData(CaseActions.RecordInvestigationStep)]
    [InlineData(CaseActions.RecordOutcome)]
    [InlineData(CaseActions.RecordDbsReferral)]
    [InlineData(CaseActions.ConsiderTraReferral)]
    [InlineData(CaseActions.RecordSubjectConsent)]
    public async Task A_stale_if_match_is_409_and_records_nothing(string action)
    {
        // Reported and routed: two events, so version 1 is stale.
        await Stale(api, Head, await Allegation(School.OtherTeacher), action, Examples[action]);
    }

    [Fact]
    public async Task R5_the_harm_threshold_is_assessed_first_and_a_met_threshold_starts_the_lado_clock()
    {
        var allegation = await Allegation(School.OtherTeacher);
        await Refused(api, Head, allegation, CaseActions.RecordInvestigationStep, RecordInvestigationStep.Request.Example, "R5");

        allegation = await Ok(Head, allegation, CaseActions.AssessHarmThreshold, Met);

        Assert.Equal(1, await api.Stored(allegation, "harm-threshold-assessed"));
        Assert.Contains(allegation.Deadlines!, d => d.Name == DeadlineNames.LadoReferral && !d.Satisfied);
    }

    [Fact]
    public async Task R3_the_harm_threshold_assessment_carries_a_rationale()
    {
        await Refused(api, Head, await Allegation(School.OtherTeacher), CaseActions.AssessHarmThreshold, Met with { Rationale = "" }, "R3");
    }

    [Fact]
    public async Task R5_a_met_threshold_is_referred_to_the_lado_and_the_deadline_is_satisfied()
    {
        var allegation = await Ok(Head, await Assessed(Met), CaseActions.ReferToLado, LadoReferral);

        Assert.Contains(allegation.Deadlines!, d => d.Name == DeadlineNames.LadoReferral && d.Satisfied);
        Assert.Equal(1, await api.Stored(allegation, "allegation-referred-to-lado"));
        await Refused(api, Head, await Assessed(Met), CaseActions.ReferToLado, LadoReferral with { Summary = " " }, "R3");
    }

    [Fact]
    public async Task R7_the_lado_liaison_records_advice_once_the_case_is_referred()
    {
        var allegation = await Ok(Head, await Assessed(Met), CaseActions.ReferToLado, LadoReferral);
        var advice = RecordAllegationAdvice.LadoRequest.Example with { OccurredAt = HoursAgo(0.5) };

        allegation = await Ok(Lado, allegation, CaseActions.RecordLadoAdvice, advice);

        Assert.Equal(1, await api.Stored(allegation, "allegation-advice-recorded"));
        await Refused(api, Lado, allegation, CaseActions.RecordLadoAdvice, advice with { Advice = "" }, "R7");
    }

    [Fact]
    public async Task R7_unsuitable_material_needs_hr_or_lado_advice_before_any_investigation_step()
    {
        var allegation = await Assessed(Met, unsuitableMaterial: true);
        var step = RecordInvestigationStep.Request.Example with { OccurredAt = HoursAgo(1) };
        await Refused(api, Head, allegation, CaseActions.RecordInvestigationStep, step, "R7");

        allegation = await Ok(Head, allegation, CaseActions.RecordHrAdvice, RecordAllegationAdvice.HrRequest.Example with { OccurredAt = HoursAgo(2) });
        allegation = await Ok(Head, allegation, CaseActions.RecordInvestigationStep, step);

        Assert.Equal(1, await api.Stored(allegation, "allegation-advice-recorded"));
        Assert.Equal(1, await api.Stored(allegation, "investigation-step-recorded"));
    }

    [Fact]
    public async Task R5_hr_advice_waits_for_the_harm_threshold_assessment()
    {
        await Refused(api, Head, await Allegation(School.OtherTeacher, unsuitableMaterial: true), CaseActions.RecordHrAdvice,
            RecordAllegationAdvice.HrRequest.Example with { OccurredAt = HoursAgo(1) }, "R5");
    }

    [Fact]
    public async Task R5_below_the_threshold_a_low_level_concern_is_recorded_but_not_above_it()
    {
        var allegation = await Ok(Head, await Assessed(NotMet), CaseActions.RecordLowLevelConcern, RecordLowLevelConcern.Request.Example);

        Assert.Equal(1, await api.Stored(allegation, "low-level-concern-recorded"));
        await Refused(api, Head, await Assessed(Met), CaseActions.RecordLowLevelConcern, RecordLowLevelConcern.Request.Example, "R5");
    }

    [Fact]
    public async Task R8_an_outcome_is_recorded_with_its_rationale()
    {
        var allegation = await Ok(Head, await Assessed(NotMet), CaseActions.RecordOutcome, Outcome(AllegationOutcome.Unfounded));

        Assert.Equal(1, await api.Stored(allegation, "allegation-outcome-recorded"));
        await Refused(api, Head, allegation, CaseActions.RecordOutcome, Outcome(AllegationOutcome.Unsubstantiated) with { Rationale = " " }, "R3");
    }

    [Fact]
    public async Task R8_an_allegation_closes_only_with_an_outcome_and_after_the_lado_when_the_threshold_was_met()
    {
        var allegation = await Assessed(Met);
        await Refused(api, Head, allegation, CaseActions.Close, CloseCase.Request.Example, "R8");

        allegation = await Ok(Head, allegation, CaseActions.RecordOutcome, Outcome(AllegationOutcome.Unsubstantiated));
        await Refused(api, Head, allegation, CaseActions.Close, CloseCase.Request.Example, "R8");

        allegation = await Ok(Head, allegation, CaseActions.ReferToLado, LadoReferral);
        allegation = await Ok(Head, allegation, CaseActions.Close, CloseCase.Request.Example);
        Assert.Equal("closed", allegation.Status);
    }

    [Fact]
    public async Task R8_a_false_allegation_is_erased_from_staff_registers_on_closing_unless_the_subject_consents()
    {
        var erased = await FalseAllegation();
        erased = await Ok(Head, erased, CaseActions.Close, CloseCase.Request.Example);

        var kept = await FalseAllegation();
        kept = await Ok(Head, kept, CaseActions.RecordSubjectConsent, RecordSubjectConsent.Request.Example with { OccurredAt = HoursAgo(1) });
        kept = await Ok(Head, kept, CaseActions.Close, CloseCase.Request.Example);

        Assert.Equal(1, await api.Stored(erased, "allegation-erased-from-staff-registers"));
        Assert.Equal(1, await api.Stored(kept, "subject-consent-to-keep-recorded"));
        Assert.Equal(0, await api.Stored(kept, "allegation-erased-from-staff-registers"));

        async Task<CaseView> FalseAllegation()
        {
            var allegation = await Ok(Head, await Assessed(NotMet), CaseActions.RecordDecision,
                new RecordDecision.Request(CaseDecision.NoFurtherAction, "The pupil admitted inventing the messages."));
            return await Ok(Head, allegation, CaseActions.RecordOutcome, Outcome(AllegationOutcome.False));
        }
    }

    [Fact]
    public async Task R8_the_subjects_consent_to_keep_details_applies_only_to_a_false_or_malicious_allegation()
    {
        var allegation = await Ok(Head, await Assessed(Met), CaseActions.RecordOutcome, Outcome(AllegationOutcome.Substantiated));

        await Refused(api, Head, allegation, CaseActions.RecordSubjectConsent, RecordSubjectConsent.Request.Example with { OccurredAt = HoursAgo(1) }, "R8");
    }

    [Fact]
    public async Task R8_a_substantiated_allegation_about_someone_who_left_closes_only_after_a_dbs_referral()
    {
        var leaver = Guid.NewGuid();
        var admin = api.ClientFor(School.Admin, "admin");
        (await admin.PutAsJsonAsync($"/api/directory/staff/{leaver}", new { name = "Lee Leaver", roles = new[] { "staff" } })).EnsureSuccessStatusCode();
        var allegation = await Ok(Head, await Assessed(Met, subject: leaver), CaseActions.ReferToLado, LadoReferral);
        allegation = await Ok(Head, allegation, CaseActions.RecordOutcome, Outcome(AllegationOutcome.Substantiated));
        (await admin.DeleteAsync($"/api/directory/staff/{leaver}")).EnsureSuccessStatusCode();
        await Refused(api, Head, allegation, CaseActions.Close, CloseCase.Request.Example, "R8");

        allegation = await Ok(Head, allegation, CaseActions.RecordDbsReferral, RecordDbsReferral.Request.Example with { OccurredAt = HoursAgo(1) });
        allegation = await Ok(Head, allegation, CaseActions.ConsiderTraReferral, ConsiderTraReferral.Request.Example);
        allegation = await Ok(Head, allegation, CaseActions.Close, CloseCase.Request.Example);

        Assert.Equal(1, await api.Stored(allegation, "dbs-referral-recorded"));
        Assert.Equal(1, await api.Stored(allegation, "tra-referral-considered"));
        Assert.Equal(1, await api.Stored(allegation, "case-closed"));
    }

    [Fact]
    public async Task R8_a_dbs_referral_follows_a_substantiated_allegation()
    {
        await Refused(api, Head, await Assessed(Met), CaseActions.RecordDbsReferral, RecordDbsReferral.Request.Example with { OccurredAt = HoursAgo(1) }, "R8");
    }

    [Fact]
    public async Task R3_a_tra_referral_is_considered_with_a_rationale()
    {
        await Refused(api, Head, await Assessed(Met), CaseActions.ConsiderTraReferral, new ConsiderTraReferral.Request(false, ""), "R3");
    }

    [Fact]
    public async Task R6_evidence_is_refused_until_police_and_lado_are_informed()
    {
        // Cranborne 2.7.4: indecent images on a teacher's school laptop.
        var allegation = await Allegation(School.OtherTeacher, indecentImages: true);
        Assert.Contains(allegation.Deadlines!, d => d.Name == DeadlineNames.PoliceReferral && !d.Satisfied);
        Assert.Contains(allegation.Deadlines!, d => d.Name == DeadlineNames.LadoReferral && !d.Satisfied);
        var written = new RecordEvidence.Request(EvidenceKind.WrittenRecord, "School laptop SL-114, IT office", HoursAgo(6), HoursAgo(5),
            "IT technician's written account of the file names he saw; the laptop was sealed and locked away unopened.");
        var step = RecordInvestigationStep.Request.Example with { OccurredAt = HoursAgo(1) };
        var meeting = RecordMeeting.Request.Example with { OccurredAt = HoursAgo(1) };

        await Refused(api, Head, allegation, CaseActions.RecordEvidence, written, "R6");
        await Refused(api, Head, allegation, CaseActions.RecordInvestigationStep, step, "R6");
        await Refused(api, Head, allegation, CaseActions.RecordMeeting, meeting, "R6");
        allegation = await Ok(Head, allegation, CaseActions.ReferToPolice, ReferToPolice.Request.Example with { OccurredAt = HoursAgo(2) });
        await Refused(api, Head, allegation, CaseActions.RecordEvidence, written, "R6");
        allegation = await Ok(Head, allegation, CaseActions.ReferToLado, LadoReferral);
        allegation = await Ok(Head, allegation, CaseActions.AssessHarmThreshold,
            new AssessHarmThreshold.Request([HarmLimb.PossibleCriminalOffenceAgainstOrRelatedToAChild], "Possession of indecent images of children is an offence."));

        // The material itself is never uploaded, even now.
        await Refused(api, Head, allegation, CaseActions.RecordEvidence, written with { Kind = EvidenceKind.Image }, "R6");
        allegation = await Ok(Head, allegation, CaseActions.RecordEvidence, written);
        allegation = await Ok(Head, allegation, CaseActions.RecordInvestigationStep, step);
        allegation = await Ok(Head, allegation, CaseActions.RecordMeeting, meeting);

        Assert.All(allegation.Deadlines!, d => Assert.True(d.Satisfied, d.Name));
        Assert.Equal(1, await api.Stored(allegation, "evidence-recorded"));
        Assert.Equal(1, await api.Stored(allegation, "investigation-step-recorded"));
        Assert.Equal(1, await api.Stored(allegation, "meeting-held"));
    }

    [Fact]
    public async Task R6_images_found_after_the_report_are_recorded_and_then_bar_evidence_until_police_and_lado_know()
    {
        var assessed = await Assessed(Met);
        var found = RecordMaterialFound.Request.Example with { OccurredAt = HoursAgo(1) };

        await Stale(api, Head, assessed, CaseActions.RecordMaterialFound, found);
        await Refused(api, Head, assessed, CaseActions.RecordMaterialFound, found with { IndecentImagesFound = false }, "R6");
        var recorded = await Ok(Head, assessed, CaseActions.RecordMaterialFound, found);

        Assert.Equal(1, await api.Stored(recorded, "allegation-material-found"));
        Assert.Contains(recorded.Deadlines!, d => d.Name == "police-referral" && !d.Satisfied);
        await Refused(api, Head, recorded, CaseActions.RecordEvidence, RecordEvidence.Request.Example with { Kind = EvidenceKind.WrittenRecord }, "R6");
    }

    // ---------------------------------------------------------------- given events, when posted, then events and status

    private static readonly Who Headteacher = new(School.Headteacher, "headteacher", "staff");

    private static AllegationReported Reported(bool indecentImages = false) => new(
        School.Teacher, HoursAgo(6), School.OtherTeacher, "IT found indecent images of children on the teacher's school laptop.",
        HoursAgo(8), indecentImages, false);

    private static readonly AllegationCaseManagerAssigned RoutedToTheHead = new(School.Headteacher, Role.Headteacher);

    private static CaseReferredToPolice ReferredToPolice => new("Reported by phone on 101; laptop sealed.", "CAD 2210", HoursAgo(3));

    private static RecordEvidence.Request WrittenRecord => new(EvidenceKind.WrittenRecord, "School laptop SL-114, IT office", HoursAgo(6), HoursAgo(5),
        "IT technician's written account of the file names he saw; the laptop was sealed and locked away unopened.");

    [Fact]
    public async Task R6_given_indecent_images_and_only_a_police_referral_when_evidence_is_posted_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Reported(indecentImages: true), RoutedToTheHead, ReferredToPolice);

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.RecordEvidence, WrittenRecord);

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R6", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R6_given_indecent_images_told_to_police_and_lado_when_a_written_record_is_posted_then_200_and_the_evidence_is_recorded()
    {
        var given = await api.GivenAsync(Reported(indecentImages: true), RoutedToTheHead, ReferredToPolice,
            new AllegationReferredToLado("Indecent images on a school laptop.", null, HoursAgo(2)),
            new HarmThresholdAssessed(true, [HarmLimb.PossibleCriminalOffenceAgainstOrRelatedToAChild], "Possession of indecent images of children is an offence."));
        var evidence = WrittenRecord;

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.RecordEvidence, evidence);

        Assert.True(then.Status == 200, then.ToString());
        var recorded = Assert.IsType<EvidenceRecorded>(Assert.Single(then.Appended));
        Assert.Equal(new EvidenceRecorded(recorded.EvidenceId, evidence.Kind, evidence.Where, evidence.IncidentAt, evidence.CapturedAt, evidence.Description, null), recorded);
    }

    [Fact]
    public async Task R6_given_indecent_images_told_to_police_and_lado_when_the_images_themselves_are_posted_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Reported(indecentImages: true), RoutedToTheHead, ReferredToPolice,
            new AllegationReferredToLado("Indecent images on a school laptop.", null, HoursAgo(2)),
            new HarmThresholdAssessed(true, [HarmLimb.PossibleCriminalOffenceAgainstOrRelatedToAChild], "Possession of indecent images of children is an offence."));

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.RecordEvidence, WrittenRecord with { Kind = EvidenceKind.Image });

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R6", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R5_given_a_reported_allegation_when_the_head_assesses_the_threshold_as_met_then_200_and_the_assessment_is_recorded()
    {
        var given = await api.GivenAsync(Reported(), RoutedToTheHead);

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.AssessHarmThreshold, Met);

        Assert.True(then.Status == 200, then.ToString());
        Assert.Equal<object>([new HarmThresholdAssessed(true, ValueList.From(Met.LimbsMet.Order()), Met.Rationale)], then.Appended);
    }

    [Fact]
    public async Task R6_given_indecent_images_when_the_threshold_is_assessed_as_not_met_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Reported(indecentImages: true), RoutedToTheHead);

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.AssessHarmThreshold, NotMet);

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R6", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task Given_a_reported_allegation_when_the_threshold_is_assessed_at_a_stale_version_then_409_and_no_event()
    {
        var given = await api.GivenAsync(Reported(), RoutedToTheHead);

        var then = await api.WhenPostedAsync(given, Headteacher, CaseActions.AssessHarmThreshold, Met, ifMatch: 1);

        Assert.True(then.Status == 409, then.ToString());
        Assert.Empty(then.Appended);
    }
}
