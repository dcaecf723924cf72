using Casework.Cases;
using Casework.Concerns;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Concerns;

public class NudesSharingTests
{
    private static ConcernReported Nudes(Guid pupil) =>
        new(Teacher, Earlier, [new PupilInvolved(pupil, PupilRole.Subject)], ConcernCategory.SharingNudes,
            "Pupil says she sent a semi-nude picture of herself to a boyfriend.", new Place("Snapchat", "Snapchat", null), Earlier, null);

    private static readonly NudesSharingAssessed NoCriteria = new([], false, "Consensual, same age, no coercion.");

    private static RecordDecision HandleInSchool => new(As(Dsl), Now, CaseDecision.HandleInSchool, "Talk to pupil and parents; delete image.", "Avoid criminalising a 13-year-old.");

    [Fact]
    public void R9_sexual_acts_with_a_pupil_under_13_is_a_criterion_even_if_the_dsl_does_not_tick_it() =>
        Spec.Concern.Given(Nudes(Year6Pupil)).When(new AssessNudesSharing(As(Dsl), Now, [], true, "No adult, no coercion; described as a sexual act."))
            .Then(new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen], true, "No adult, no coercion; described as a sexual act."));

    [Fact]
    public void R9_a_pupil_under_13_in_imagery_with_no_sexual_acts_described_is_not_a_criterion() =>
        Spec.Concern.Given(Nudes(Year6Pupil)).When(new AssessNudesSharing(As(Dsl), Now, [], false, "A topless selfie sent to one classmate; no adult, no coercion."))
            .Then(new NudesSharingAssessed([], false, "A topless selfie sent to one classmate; no adult, no coercion."));

    [Fact]
    public void R9_the_dsl_cannot_tick_under_13_when_no_sexual_acts_were_described() =>
        Spec.Concern.Given(Nudes(Year6Pupil)).When(new AssessNudesSharing(As(Dsl), Now, [UkcisCriterion.PupilUnderThirteen], false, "Aged 11."))
            .Then(new NudesSharingAssessed([], false, "Aged 11."));

    [Fact]
    public void R9_sexual_acts_between_pupils_of_13_or_over_is_not_the_under_13_criterion() =>
        Spec.Concern.Given(Nudes(Year8Pupil)).When(new AssessNudesSharing(As(Dsl), Now, [], true, "Both 13, consensual; described as a sexual act."))
            .Then(new NudesSharingAssessed([], true, "Both 13, consensual; described as a sexual act."));

    [Fact]
    public void R9_a_primary_pupil_under_13_with_no_sexual_acts_described_may_be_handled_in_school()
    {
        var dsl = As(Dsl);
        var story = Spec.Concern.Given(Nudes(Year6Pupil), new CaseTriaged(RiskLevel.Medium, "Assessed."))
            .Do(new AssessNudesSharing(dsl, Now, [], false, "Aged 11, topless selfie to one classmate, no adult, no coercion, no sexual act described."))
            .Do(HandleInSchool)
            .Do(new CloseCase(dsl, Now, "Handled in school.", "Education and parental support; image deleted."));

        Assert.Empty(story.State.Ukcis!.CriteriaMet);
        Assert.True(story.State.Case.Closed);
    }

    [Fact]
    public void R9_a_primary_pupil_under_13_with_sexual_acts_described_may_not_be_handled_in_school() =>
        Spec.Concern.Given(Nudes(Year6Pupil), new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen], true, "Aged 11; a sexual act described."))
            .When(HandleInSchool).ThenRefuses("R9");

    private static readonly NudesSharingAssessed AssessedBeforeTheQuestion = new([UkcisCriterion.PupilUnderThirteen], null, "Aged 11, no adult, no coercion.");

    /// <summary>ADR 26: the store holds assessments written before the question was asked; they read with no answer.</summary>
    [Fact]
    public void R9_an_assessment_stored_before_the_sexual_acts_question_reads_with_no_answer()
    {
        var stored = "{\"criteriaMet\":[\"pupil-under-thirteen\"],\"rationale\":\"Aged 11, no adult, no coercion.\"}";

        var read = (NudesSharingAssessed)MartenSerializer.Instance.FromJson(typeof(NudesSharingAssessed), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored)));

        Assert.Equal(AssessedBeforeTheQuestion, read);
    }

    /// <summary>ADR 26: an old assessment stands as assessed, says why, and may be made again with the question answered.</summary>
    [Fact]
    public void R9_an_assessment_recorded_before_the_sexual_acts_question_stands_until_the_dsl_assesses_again()
    {
        var dsl = As(Dsl);
        var old = Spec.Concern.Given(Nudes(Year6Pupil), new CaseTriaged(RiskLevel.Medium, "Assessed."), AssessedBeforeTheQuestion);

        var refusal = Assert.Throws<RuleViolation>(() => Concern.Decide(HandleInSchool, old.State, Context));
        Assert.Equal("R9", refusal.Rule);
        Assert.Contains("before Casework asked whether the imagery involves sexual acts", refusal.Message);
        old.Refuses(new CloseCase(dsl, Now, "Handled.", "Spoke to parents."), "R9")
            .Do(new AssessNudesSharing(dsl, Now, [], false, "Aged 11, topless selfie, no sexual act described."))
            .Do(HandleInSchool);
    }

    [Fact]
    public void R9_an_assessment_recorded_before_the_sexual_acts_question_with_no_criterion_still_allows_handling_in_school() =>
        Spec.Concern.Given(Nudes(Year8Pupil), NoCriteria with { SexualActs = null }).When(HandleInSchool)
            .Then(new DecisionRecorded(CaseDecision.HandleInSchool, "Talk to pupil and parents; delete image.", "Avoid criminalising a 13-year-old."));

    [Fact]
    public void R9_handling_in_school_is_refused_when_a_criterion_holds() =>
        Spec.Concern.Given(Nudes(Year8Pupil), new NudesSharingAssessed([UkcisCriterion.CoercionBlackmailOrGrooming], false, "Older pupil pressured her."))
            .When(HandleInSchool).ThenRefuses("R9");

    [Fact]
    public void R9_handling_in_school_is_allowed_with_no_criteria() =>
        Spec.Concern.Given(Nudes(Year8Pupil), NoCriteria).When(HandleInSchool)
            .Then(new DecisionRecorded(CaseDecision.HandleInSchool, "Talk to pupil and parents; delete image.", "Avoid criminalising a 13-year-old."));

    [Fact]
    public void R9_handling_in_school_needs_the_ukcis_assessment_first() =>
        Spec.Concern.Given(Nudes(Year8Pupil)).When(HandleInSchool).ThenRefuses("R9");

    [Fact]
    public void R9_imagery_is_never_uploaded() =>
        Spec.Concern.Given(Nudes(Year8Pupil))
            .When(new RecordEvidence(As(Dsl), Now, Id(400), EvidenceKind.Screenshot, "Snapchat", Earlier, Now, "Screenshot of the image.", "ab12"))
            .ThenRefuses("R9");

    [Fact]
    public void R9_a_written_description_may_be_recorded() =>
        Spec.Concern.Given(Nudes(Year8Pupil))
            .When(new RecordEvidence(As(Dsl), Now, Id(400), EvidenceKind.WrittenRecord, "Snapchat", Earlier, Now, "Pupil's account, image not viewed.", null))
            .Then(new EvidenceRecorded(Id(400), EvidenceKind.WrittenRecord, "Snapchat", Earlier, Now, "Pupil's account, image not viewed.", null));

    [Fact]
    public void R9_with_a_criterion_closing_needs_a_police_or_social_care_referral()
    {
        var coerced = Spec.Concern.Given(Nudes(Year8Pupil), new CaseTriaged(RiskLevel.Medium, "Assessed."), new NudesSharingAssessed([UkcisCriterion.AdultInvolved], false, "Adult stranger asked for it."));
        var close = new CloseCase(As(Dsl), Now, "Referred.", "Police investigating the adult.");
        coerced.When(close).ThenRefuses("R9");
        coerced.Given(new CaseReferredToPolice("Adult requesting images.", "POL-3", Earlier)).When(close).Then(new CaseClosed("Referred.", "Police investigating the adult."));
    }

    [Fact]
    public void R9_the_ukcis_assessment_applies_only_to_nudes() =>
        Spec.Concern.Given(Nudes(Year8Pupil) with { Category = ConcernCategory.Cyberbullying })
            .When(new AssessNudesSharing(As(Dsl), Now, [], false, "n/a")).ThenRefuses("R9");

    /// <summary>St Thomas §9 and UKCIS: a Year 6 pupil (under 13) shares a nude; it must leave school.</summary>
    [Fact]
    public void Scenario_St_Thomas_year_6_pupil_shares_a_nude()
    {
        var dsl = As(Dsl);
        var story = Spec.Concern
            .Do(new ReportConcern(As(Teacher), Now, [new PupilInvolved(Year6Pupil, PupilRole.Subject)], ConcernCategory.SharingNudes,
                "Sam sent a nude picture to a classmate.", new Place("Group chat", "WhatsApp", null), Earlier, null))
            .Do(new TriageCase(dsl, Now, RiskLevel.High, "Under-13 pupil sharing a nude image."))
            .Do(new AssessNudesSharing(dsl, Now, [], true, "Peer sharing; no adult or coercion known; the image was described as showing a sexual act."));

        Assert.Contains(UkcisCriterion.PupilUnderThirteen, story.State.Ukcis!.CriteriaMet);
        Assert.DoesNotContain(CaseAction.Close, Concern.AllowedActions(story.State, dsl, Context, Now));
        story = story
            .Refuses(HandleInSchool, "R9")
            .Refuses(new CloseCase(dsl, Now, "Handled.", "Spoke to parents."), "R9")
            .Do(new ReferToSocialCare(dsl, Now, "Under-13 sharing a nude; parents informed.", null, Now))
            .Do(new ReferToPolice(dsl, Now, "Reported per school policy 9.1.", "POL-9", Now))
            .Do(new CloseCase(dsl, Now, "Referred to CSC and police.", "UKCIS: pupil under 13, so referred out of school."));
        Assert.True(story.State.Case.Closed);
    }

    /// <summary>Clarendon §8: a Year 8 pupil's self-generated image, no UKCIS criterion, handled in school.</summary>
    [Fact]
    public void Scenario_year_8_self_generated_image_handled_in_school()
    {
        var dsl = As(Dsl);
        var story = Spec.Concern
            .Do(new ReportConcern(As(Teacher), Now, [new PupilInvolved(Year8Pupil, PupilRole.Subject)], ConcernCategory.SharingNudes,
                "Eve took a semi-nude selfie and sent it to one friend, who told a teacher.", null, Earlier, null))
            .Do(new TriageCase(dsl, Now, RiskLevel.Medium, "Self-generated, one recipient, deleted."))
            .Do(new AssessNudesSharing(dsl, Now, [], false, "Aged 13, no adult, no coercion, no risk of immediate harm."))
            .Refuses(new CloseCase(dsl, Now, "Done.", "Talked to her."), "R9")
            .Do(HandleInSchool)
            .Do(new CloseCase(dsl, Now, "Handled in school.", "Education and parental support; image deleted by both pupils."));

        Assert.Empty(story.State.Ukcis!.CriteriaMet);
        Assert.True(story.State.Case.Closed);
        // A closed record also takes the retention actions (ADR 35): a legal hold and its review.
        Assert.Equal([CaseAction.PlaceLegalHold, CaseAction.Reopen, CaseAction.ReviewRetention, CaseAction.ShareTimeline], Concern.AllowedActions(story.State, dsl, Context, Now).OrderBy(a => a.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public void R9_a_younger_pupil_who_only_witnessed_the_sharing_is_not_the_under_13_criterion() =>
        Spec.Concern.Given(Nudes(Year8Pupil) with { Pupils = [new PupilInvolved(Year8Pupil, PupilRole.Subject), new PupilInvolved(Year6Pupil, PupilRole.Witness)] })
            .When(new AssessNudesSharing(As(Dsl), Now, [], true, "Consensual, same age; a younger pupil saw it on a phone."))
            .Then(new NudesSharingAssessed([], true, "Consensual, same age; a younger pupil saw it on a phone."));

    [Theory]
    [InlineData("2025-02-28", 12)]
    [InlineData("2025-03-01", 13)]
    [InlineData("2024-02-29", 12)]
    [InlineData("2025-08-31", 13)]
    public void R9_a_pupil_born_on_29_February_turns_13_on_1_March_in_other_years(string day, int age) =>
        Assert.Equal(age, new PupilFacts(Year8Pupil, new DateOnly(2012, 2, 29), 8).AgeOn(DateOnly.Parse(day)));

    private static readonly ConcernReported Bullying = Nudes(Year8Pupil) with { Category = ConcernCategory.Cyberbullying };

    [Fact]
    public void R9_a_concern_recategorised_as_sharing_nudes_refuses_imagery_from_then_on()
    {
        Spec.Concern.Given(Bullying)
            .When(new RecategoriseConcern(As(Dsl), Now, ConcernCategory.SharingNudes, "A semi-nude image was forwarded to the group."))
            .Then(new ConcernRecategorised(ConcernCategory.Cyberbullying, ConcernCategory.SharingNudes, "A semi-nude image was forwarded to the group."));
        Spec.Concern.Given(Bullying, new ConcernRecategorised(ConcernCategory.Cyberbullying, ConcernCategory.SharingNudes, "Image forwarded."))
            .When(new RecordEvidence(As(Dsl), Now, Id(401), EvidenceKind.Image, "Snapchat", Earlier, Now, "The image.", "ab12"))
            .ThenRefuses("R9");
    }

    [Fact]
    public void R3_a_change_of_category_needs_a_rationale() =>
        Spec.Concern.Given(Bullying).When(new RecategoriseConcern(As(Dsl), Now, ConcernCategory.SharingNudes, " ")).ThenRefuses("R3");

    [Fact]
    public void R2_only_the_dsl_changes_a_concerns_category() =>
        Spec.Concern.Given(Bullying).When(new RecategoriseConcern(As(Teacher), Now, ConcernCategory.SharingNudes, "Seen it.")).ThenForbids("R2");
}
