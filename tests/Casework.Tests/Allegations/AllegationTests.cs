using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Allegations;

public class AllegationTests
{
    internal static readonly AllegationReported AboutTeacher = new(OtherTeacher, Earlier, Teacher, "Shouted at and grabbed a pupil's arm.", Earlier, false, false);
    internal static readonly AllegationCaseManagerAssigned ToHead = new(Head, Role.Headteacher);
    internal static readonly HarmThresholdAssessed Met = new(true, [HarmLimb.HarmedOrMayHaveHarmedAChild], "Physical contact that hurt the pupil.");
    internal static readonly HarmThresholdAssessed NotMet = new(false, [], "Raised voice only; no contact.");
    internal static readonly AllegationReferredToLado Referred = new("Referred by phone.", "LADO-1", Earlier);

    private static ReportAllegation Report(Guid subject, Guid reporter) =>
        new(As(reporter), Now, subject, "Something happened.", Earlier, false, false);

    private static RecordAllegationOutcome Outcome(AllegationOutcome outcome) => new(As(Head), Now, outcome, "Investigation found it so.");

    private static CloseCase Close => new(As(Head), Now, "Concluded.", "All steps complete.");

    [Fact]
    public void R4_an_allegation_about_a_teacher_is_managed_by_the_headteacher() =>
        Spec.Allegation.When(Report(Teacher, OtherTeacher)).Then(
            new AllegationReported(OtherTeacher, Now, Teacher, "Something happened.", Earlier, false, false, Now),
            new AllegationCaseManagerAssigned(Head, Role.Headteacher));

    [Fact]
    public void R4_an_allegation_about_the_headteacher_is_managed_by_the_chair_of_governors() =>
        Spec.Allegation.When(Report(Head, Teacher)).Then(
            new AllegationReported(Teacher, Now, Head, "Something happened.", Earlier, false, false, Now),
            new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors));

    [Fact]
    public void R4_an_allegation_about_the_headteacher_is_refused_when_there_is_no_chair()
    {
        var noChair = Context with { Staff = Context.Staff.Where(s => s.Key != Chair).ToDictionary() };
        Spec.Allegation.In(noChair).When(Report(Head, Teacher)).ThenRefuses("R4");
    }

    [Fact]
    public void R4_the_subject_cannot_act_on_their_own_case()
    {
        var aboutDsl = AboutTeacher with { SubjectId = Dsl };
        Spec.Allegation.Given(aboutDsl, ToHead).When(new AddNote(As(Dsl), Now, Id(100), "My side.")).ThenForbids("R4");
    }

    [Fact]
    public void R4_a_member_of_staff_cannot_assess_the_threshold() =>
        Spec.Allegation.Given(AboutTeacher, ToHead).When(new AssessHarmThreshold(As(OtherTeacher), Now, [], "Nothing in it.")).ThenForbids("R4");

    [Fact]
    public void R5_the_headteacher_assesses_the_threshold_first() =>
        Spec.Allegation.Given(AboutTeacher, ToHead)
            .When(new AssessHarmThreshold(As(Head), Now, [HarmLimb.HarmedOrMayHaveHarmedAChild], "Physical contact that hurt the pupil."))
            .Then(Met);

    [Fact]
    public void R5_nothing_but_lado_contact_comes_before_the_threshold_assessment() =>
        Spec.Allegation.Given(AboutTeacher, ToHead).When(new ReferToSocialCare(As(Head), Now, "Referral.", null, Earlier)).ThenRefuses("R5");

    [Fact]
    public void R5_the_lado_may_be_contacted_before_the_threshold_assessment() =>
        Spec.Allegation.Given(AboutTeacher, ToHead).When(new ReferAllegationToLado(As(Head), Now, "Referred by phone.", "LADO-1", Earlier))
            .Then(Referred);

    [Fact]
    public void R5_below_the_threshold_a_low_level_concern_is_recorded() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, NotMet).When(new RecordLowLevelConcern(As(Head), Now, "Raised voice.", "Below threshold; pattern to watch."))
            .Then(new LowLevelConcernRecorded("Raised voice.", "Below threshold; pattern to watch."));

    [Fact]
    public void R5_when_the_threshold_is_met_it_is_not_a_low_level_concern() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met).When(new RecordLowLevelConcern(As(Head), Now, "Raised voice.", "Minor.")).ThenRefuses("R5");

    [Fact]
    public void R5_when_the_threshold_is_met_no_further_action_is_refused() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met)
            .When(new RecordDecision(As(Head), Now, CaseDecision.NoFurtherAction, "", "Teacher apologised.")).ThenRefuses("R5");

    [Fact]
    public void R5_below_the_threshold_closing_needs_a_low_level_concern_or_no_further_action() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, NotMet, new AllegationOutcomeRecorded(AllegationOutcome.Unfounded, "No basis."))
            .When(Close).ThenRefuses("R5");

    [Fact]
    public void R5_the_lado_referral_is_due_by_the_end_of_the_next_working_day_once_the_threshold_is_met()
    {
        var state = new object[] { AboutTeacher, ToHead, Met }.Aggregate(Allegation.Initial, Allegation.Evolve);
        var lado = Assert.Single(Allegation.Deadlines(state), d => d.Name == DeadlineNames.LadoReferral);
        Assert.Equal(new Deadline(DeadlineNames.LadoReferral, new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), false), lado);
    }

    [Fact]
    public void R5_an_allegation_not_yet_assessed_shows_the_assessment_due_by_the_end_of_the_next_working_day()
    {
        var unassessed = new object[] { AboutTeacher, ToHead }.Aggregate(Allegation.Initial, Allegation.Evolve);
        var assessed = new object[] { AboutTeacher, ToHead, NotMet }.Aggregate(Allegation.Initial, Allegation.Evolve);
        var due = new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal([new Deadline(DeadlineNames.HarmThresholdAssessment, due, false)], Allegation.Deadlines(unassessed));
        Assert.True(Allegation.Deadlines(unassessed)[0].IsOverdue(due));
        Assert.Equal([new Deadline(DeadlineNames.HarmThresholdAssessment, due, true)], Allegation.Deadlines(assessed));
    }

    [Fact]
    public void R8_an_allegation_closes_only_with_an_outcome() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met, Referred).When(Close).ThenRefuses("R8");

    [Fact]
    public void R8_a_threshold_met_allegation_closes_only_after_a_lado_referral() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met, new AllegationOutcomeRecorded(AllegationOutcome.Unsubstantiated, "Not enough evidence."))
            .When(Close).ThenRefuses("R8");

    [Fact]
    public void R8_an_allegation_with_an_outcome_and_a_lado_referral_closes() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met, Referred, new AllegationOutcomeRecorded(AllegationOutcome.Unsubstantiated, "Not enough evidence."))
            .When(Close).Then(new CaseClosed("Concluded.", "All steps complete."));

    [Fact]
    public void R8_substantiated_against_someone_who_left_needs_a_dbs_referral_before_closing()
    {
        var aboutLeaver = AboutTeacher with { SubjectId = LeftStaff };
        var substantiated = Spec.Allegation.Given(aboutLeaver, ToHead, Met, Referred, new AllegationOutcomeRecorded(AllegationOutcome.Substantiated, "Proven."));
        substantiated.When(Close).ThenRefuses("R8");
        substantiated.Do(new RecordDbsReferral(As(Head), Now, "DBS-9", Earlier)).When(Close).Then(new CaseClosed("Concluded.", "All steps complete."));
    }

    [Fact]
    public void R8_a_dbs_referral_is_refused_unless_substantiated() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met, Referred).When(new RecordDbsReferral(As(Head), Now, null, Earlier)).ThenRefuses("R8");

    [Fact]
    public void R8_a_malicious_allegation_is_erased_from_staff_registers_on_closing() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, NotMet, new DecisionRecorded(CaseDecision.NoFurtherAction, "", "Invented."),
                new AllegationOutcomeRecorded(AllegationOutcome.Malicious, "Made up to cause harm."))
            .When(Close).Then(new CaseClosed("Concluded.", "All steps complete."), new AllegationErasedFromStaffRegisters(AllegationOutcome.Malicious));

    [Fact]
    public void R8_a_false_allegation_is_kept_when_the_subject_consents()
    {
        var closed = Spec.Allegation.Given(AboutTeacher, ToHead, NotMet, new DecisionRecorded(CaseDecision.NoFurtherAction, "", "Mistaken."),
                new AllegationOutcomeRecorded(AllegationOutcome.False, "Mistaken identity."))
            .Do(new RecordSubjectConsent(As(Head), Now, "Wants it on file.", Earlier))
            .Do(Close);
        Assert.False(closed.State.ErasedFromStaffRegisters);
        Assert.True(closed.State.SubjectConsentToKeep);
    }

    [Fact]
    public void R8_subject_consent_is_refused_unless_false_or_malicious() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met, Referred, new AllegationOutcomeRecorded(AllegationOutcome.Substantiated, "Proven."))
            .When(new RecordSubjectConsent(As(Head), Now, "", Earlier)).ThenRefuses("R8");

    [Fact]
    public void R14_recording_the_same_outcome_again_records_nothing() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met, Referred, new AllegationOutcomeRecorded(AllegationOutcome.Substantiated, "Proven."))
            .When(Outcome(AllegationOutcome.Substantiated)).ThenNothing();

    [Fact]
    public void R7_unsuitable_material_needs_hr_or_lado_advice_before_an_investigation_step()
    {
        var unsuitable = Spec.Allegation.Given(AboutTeacher with { UnsuitableMaterialFound = true }, ToHead, Met);
        var step = new RecordInvestigationStep(As(Head), Now, Id(200), "Interviewed the teacher.", Earlier);
        unsuitable.When(step).ThenRefuses("R7");
        unsuitable.Do(new RecordAllegationAdvice(As(Head), Now, AdviceSource.Hr, "Suspend access; interview with union rep.", Earlier))
            .When(step).Then(new InvestigationStepRecorded(Id(200), "Interviewed the teacher.", Earlier));
    }

    [Fact]
    public void R7_without_unsuitable_material_no_advice_is_needed() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met)
            .When(new RecordInvestigationStep(As(Head), Now, Id(200), "Interviewed the teacher.", Earlier))
            .Then(new InvestigationStepRecorded(Id(200), "Interviewed the teacher.", Earlier));

    [Fact]
    public void R4_the_lado_liaison_records_advice_once_referred() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Referred)
            .When(new RecordAllegationAdvice(As(Lado), Now, AdviceSource.Lado, "Threshold met; strategy meeting.", Earlier))
            .Then(new AllegationAdviceRecorded(AdviceSource.Lado, "Threshold met; strategy meeting.", Earlier,
                RecordAllegationAdvice.IdOf(AdviceSource.Lado, "Threshold met; strategy meeting.", Earlier)));

    [Fact]
    public void R4_the_lado_liaison_cannot_act_before_a_referral() =>
        Spec.Allegation.Given(AboutTeacher, ToHead)
            .When(new RecordAllegationAdvice(As(Lado), Now, AdviceSource.Lado, "Advice.", Earlier)).ThenForbids("R4");

    [Fact]
    public void R5_a_threshold_assessed_as_met_is_not_lowered_before_the_lado_is_involved() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met)
            .When(new AssessHarmThreshold(As(Head), Now, [], "On reflection only a raised voice.")).ThenRefuses("R5");

    [Fact]
    public void R5_a_threshold_assessed_as_met_may_be_lowered_once_the_lado_is_involved() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, Met, Referred)
            .When(new AssessHarmThreshold(As(Head), Now, [], "LADO advised the threshold is not met."))
            .Then(new HarmThresholdAssessed(false, [], "LADO advised the threshold is not met."));

    [Fact]
    public void R8_a_withheld_allegation_s_timeline_is_not_shared() =>
        Spec.Allegation.Given(AboutTeacher, ToHead, NotMet, new AllegationOutcomeRecorded(AllegationOutcome.Malicious, "Invented."))
            .When(new ShareTimeline(As(Head), Now, "LADO", "For advice.")).ThenForbids("R8");
}
