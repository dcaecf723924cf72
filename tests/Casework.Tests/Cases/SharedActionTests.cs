using Casework.Calendar;
using Casework.Cases;
using Casework.Concerns;
using Casework.Tests.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>Rules of the actions every kind shares, exercised through a concern.</summary>
public class SharedActionTests
{
    private static readonly ConcernReported Cyberbullying = new(Teacher, Earlier, [new PupilInvolved(Year3Pupil, PupilRole.Victim)],
        ConcernCategory.Cyberbullying, "Nasty posts about Theo.", null, Earlier, null);

    private const string Url = "https://tiktok.example/v/1";

    private static RecordEvidence Evidence(string? where, DateTimeOffset? incidentAt) =>
        new(As(Dsl), Now, Id(500), EvidenceKind.Screenshot, where, incidentAt, Now, "Screen print of the post.", "e3b0c4");

    [Fact]
    public void R13_evidence_records_the_site_and_the_time_of_the_incident() =>
        Spec.Concern.Given(Cyberbullying).When(Evidence(Url, Earlier))
            .Then(new EvidenceRecorded(Id(500), EvidenceKind.Screenshot, Url, Earlier, Now, "Screen print of the post.", "e3b0c4"));

    [Fact]
    public void R13_evidence_without_a_site_or_url_is_refused() => Spec.Concern.Given(Cyberbullying).When(Evidence(" ", Earlier)).ThenRefuses("R13");

    [Fact]
    public void R13_evidence_without_the_time_of_the_incident_is_refused() => Spec.Concern.Given(Cyberbullying).When(Evidence(Url, null)).ThenRefuses("R13");

    [Fact]
    public void R14_the_same_evidence_recorded_twice_records_nothing() =>
        Spec.Concern.Given(Cyberbullying, new EvidenceRecorded(Id(500), EvidenceKind.Screenshot, Url, Earlier, Now, "Screen print of the post.", "e3b0c4"))
            .When(Evidence(Url, Earlier)).ThenNothing();

    [Fact]
    public void R10_for_a_parents_breach_the_platform_is_asked_only_after_the_poster() =>
        Spec.ParentBreach.Given(ParentBreachTests.Abuse).When(new RequestContentRemoval(As(Dsl), Now, RemovalAskedOf.Platform, Url, Now)).ThenRefuses("R10");

    [Fact]
    public void R10_applies_to_parent_breaches_only_so_a_pupils_content_goes_straight_to_the_platform() =>
        Spec.Concern.Given(Cyberbullying).When(new RequestContentRemoval(As(Dsl), Now, RemovalAskedOf.Platform, Url, Now))
            .Then(new ContentRemovalRequested(RemovalAskedOf.Platform, Url, Now));

    [Fact]
    public void R10_the_platform_may_be_asked_once_the_poster_has_not_answered_within_the_waiting_period()
    {
        // Asked on Tuesday 10 March; five working days end with Tuesday 17 March.
        var asked = Spec.ParentBreach.Given(ParentBreachTests.Abuse, new ContentRemovalRequested(RemovalAskedOf.Poster, Url, Now));
        var tooSoon = Now.AddDays(7).AddHours(-1);
        asked.When(new RequestContentRemoval(As(Dsl), tooSoon, RemovalAskedOf.Platform, Url, tooSoon)).ThenRefuses("R10");
        asked.When(new RecordContentRemovalOutcome(As(Dsl), tooSoon, RemovalAskedOf.Poster, Url, ContentRemovalOutcome.NoResponse, tooSoon)).ThenRefuses("R10");
        var later = new DateTimeOffset(2026, 3, 18, 9, 0, 0, TimeSpan.Zero);
        asked.When(new RequestContentRemoval(As(Dsl), later, RemovalAskedOf.Posh, Url, later)).Then(new ContentRemovalRequested(RemovalAskedOf.Posh, Url, later));
    }

    [Fact]
    public void R10_the_platform_may_be_asked_once_the_poster_refused() =>
        Spec.ParentBreach.Given(ParentBreachTests.Abuse, new ContentRemovalRequested(RemovalAskedOf.Poster, Url, Earlier),
                new ContentRemovalOutcomeRecorded(RemovalAskedOf.Poster, ContentRemovalOutcome.Refused, Earlier))
            .When(new RequestContentRemoval(As(Dsl), Now, RemovalAskedOf.Platform, Url, Now))
            .Then(new ContentRemovalRequested(RemovalAskedOf.Platform, Url, Now));

    [Fact]
    public void R15_an_unacknowledged_social_care_referral_needs_follow_up_after_a_working_day()
    {
        var state = new object[] { Cyberbullying, new CaseTriaged(RiskLevel.High, "r"), new CaseReferredToSocialCare("Referral.", null, Now) }
            .Aggregate(Concern.Initial, Concern.Evolve);
        var csc = Assert.Single(Concern.Deadlines(state),
            d => d.Name == DeadlineNames.SocialCareAcknowledgement);
        Assert.False(csc.IsOverdue(new DateTimeOffset(2026, 3, 11, 23, 0, 0, TimeSpan.Zero)));
        Assert.True(csc.IsOverdue(new DateTimeOffset(2026, 3, 12, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void R15_an_acknowledged_social_care_referral_needs_no_follow_up()
    {
        var state = new object[] { Cyberbullying, new CaseReferredToSocialCare("Referral.", null, Now), new ReferralAcknowledged(Agency.ChildrensSocialCare, "CSC-1", Now) }
            .Aggregate(Concern.Initial, Concern.Evolve);
        var csc = Assert.Single(Concern.Deadlines(state),
            d => d.Name == DeadlineNames.SocialCareAcknowledgement);
        Assert.False(csc.IsOverdue(Now.AddDays(30)));
    }

    [Fact]
    public void R15_an_acknowledgement_is_refused_when_there_was_no_referral() =>
        Spec.Concern.Given(Cyberbullying, new CaseReferredToPolice("s", null, Earlier))
            .When(new RecordReferralAcknowledgement(As(Dsl), Now, Agency.ChildrensSocialCare, null, Now)).ThenRefuses("R15");

    [Fact]
    public void R15_the_dsl_records_the_acknowledgement() =>
        Spec.Concern.Given(Cyberbullying, new CaseReferredToSocialCare("s", null, Earlier))
            .When(new RecordReferralAcknowledgement(As(Dsl), Now, Agency.ChildrensSocialCare, "CSC-1", Now))
            .Then(new ReferralAcknowledged(Agency.ChildrensSocialCare, "CSC-1", Now));

    [Fact]
    public void Triage_is_due_within_a_working_day_of_the_report()
    {
        var state = Concern.Evolve(Concern.Initial, Cyberbullying);
        Assert.Equal([new Deadline(DeadlineNames.DslTriage, new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), false)],
            Concern.Deadlines(state));
    }

    [Fact]
    public void R3_a_decision_without_a_rationale_is_refused() =>
        Spec.Concern.Given(Cyberbullying).When(new RecordDecision(As(Dsl), Now, CaseDecision.NoFurtherAction, "", "")).ThenRefuses("R3");

    [Fact]
    public void R14_completing_an_action_twice_records_nothing()
    {
        var done = Spec.Concern.Given(Cyberbullying, new ActionAssigned(Id(600), Teacher, "Speak to the class.", null))
            .Do(new CompleteAction(As(Dsl), Now, Id(600), "Done in PSHE."));
        done.Given(new ActionAssigned(Id(601), Teacher, "Follow up.", null)).When(new CompleteAction(As(Dsl), Now, Id(600), "Done in PSHE.")).ThenNothing();
    }

    [Fact]
    public void R12_a_pupil_cyberbullying_a_teacher_needs_the_teachers_wishes_before_closing()
    {
        var aboutTeacher = Spec.Concern.Given(Cyberbullying with { StaffVictimId = Teacher }, new CaseTriaged(RiskLevel.Low, "One message."));
        var close = new CloseCase(As(Dsl), Now, "Resolved.", "Pupil apologised.");
        aboutTeacher.When(close).ThenRefuses("R12");
        aboutTeacher.Do(new RecordVictimWishes(As(Dsl), Now, false, "Wants it dealt with in school.", Earlier))
            .When(close).Then(new CaseClosed("Resolved.", "Pupil apologised."));
    }

    [Fact]
    public void R12_victim_wishes_are_refused_when_no_member_of_staff_is_the_victim() =>
        Spec.Concern.Given(Cyberbullying).When(new RecordVictimWishes(As(Dsl), Now, true, "", Earlier)).ThenRefuses("R12");

    [Fact]
    public void An_auditor_changes_nothing_not_even_by_recording_a_shared_timeline() =>
        Spec.Concern.Given(Cyberbullying, new CaseClosed("s", "r"))
            .When(new ShareTimeline(As(Auditor), Now, "Ofsted inspector", "Inspection sample."))
            .ThenForbids("R4");

    [Fact]
    public void The_dsl_records_sharing_a_closed_timeline() =>
        Spec.Concern.Given(Cyberbullying, new CaseClosed("s", "r"))
            .When(new ShareTimeline(As(Dsl), Now, "LADO", "Requested for a strategy meeting."))
            .Then(new TimelineShared("LADO", "Requested for a strategy meeting."));

    [Fact]
    public void R14_the_same_police_referral_again_records_nothing() =>
        Spec.Concern.Given(Cyberbullying, new CaseReferredToPolice("Threats online.", "CAD-1", Earlier))
            .When(new ReferToPolice(As(Dsl), Now, "Threats online.", "CAD-1", Earlier)).ThenNothing();

    [Fact]
    public void R14_a_new_police_referral_after_the_case_was_reopened_is_recorded() =>
        Spec.Concern.Given(Cyberbullying, new CaseReferredToPolice("Threats online.", "CAD-1", Earlier),
                new CaseClosed("Resolved.", "Police took no action."), new CaseReopened("New threats posted last night."))
            .When(new ReferToPolice(As(Dsl), Now, "New threats, naming the pupil's address.", "CAD-2", Now))
            .Then(new CaseReferredToPolice("New threats, naming the pupil's address.", "CAD-2", Now));
}
