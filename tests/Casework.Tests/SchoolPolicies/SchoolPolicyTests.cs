using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.ParentBreaches;
using Casework.SchoolPolicies;
using Casework.Tests.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.SchoolPolicies;

/// <summary>
/// Issue 16: each school's own policy. One test per difference the trace of the five policies found (docs/policies.md),
/// each giving two schools the same events and showing them decide differently; the settings a case is under and when;
/// and what no school may set (stricter than statutory guidance, never weaker).
/// </summary>
public class SchoolPolicyTests
{
    private static SchoolSettings Pack(string id) => PolicyPacks.Find(id)!.Settings;

    private static readonly ConcernReported Nudes = new(Teacher, Earlier, [new PupilInvolved(Year8Pupil, PupilRole.Subject)], ConcernCategory.SharingNudes,
        "Pupil says she sent a semi-nude picture of herself to a boyfriend of the same age.", new Place("Snapchat", "Snapchat", null), Earlier, null);

    private static readonly NudesSharingAssessed NoCriteria = new([], false, "Consensual, same age, no coercion.");

    private static readonly RecordDecision HandleInSchool =
        new(As(Dsl), Now, CaseDecision.HandleInSchool, "Talk to both pupils and their parents; image deleted.", "No UKCIS criterion holds.");

    [Fact]
    public void Bank_holidays_for_england_and_wales_are_govuks_for_2025_to_2027()
    {
        // gov.uk/bank-holidays, England and Wales, as published.
        DateOnly[] official =
        [
            new(2025, 1, 1), new(2025, 4, 18), new(2025, 4, 21), new(2025, 5, 5), new(2025, 5, 26), new(2025, 8, 25), new(2025, 12, 25), new(2025, 12, 26),
            new(2026, 1, 1), new(2026, 4, 3), new(2026, 4, 6), new(2026, 5, 4), new(2026, 5, 25), new(2026, 8, 31), new(2026, 12, 25), new(2026, 12, 28),
            new(2027, 1, 1), new(2027, 3, 26), new(2027, 3, 29), new(2027, 5, 3), new(2027, 5, 31), new(2027, 8, 30), new(2027, 12, 27), new(2027, 12, 28),
        ];
        Assert.Equal(official, new[] { 2025, 2026, 2027 }.SelectMany(BankHolidays.In).Order());
        // Scotland's 2 January and St Andrew's Day are not England's.
        Assert.False(BankHolidays.IsBankHoliday(new DateOnly(2026, 1, 2)));
        Assert.False(BankHolidays.IsBankHoliday(new DateOnly(2026, 11, 30)));
    }

    [Fact]
    public void The_calendar_does_not_run_out_after_the_years_once_listed_by_hand() =>
        // Good Friday and Easter Monday 2031: 11 and 14 April.
        Assert.Equal([new(2031, 4, 11), new(2031, 4, 14)], BankHolidays.In(2031).Where(d => d.Month == 4));

    [Fact]
    public void The_five_policy_packs_load_and_none_is_weaker_than_statutory_guidance()
    {
        Assert.Equal(["clarendon", "cranborne", "rainow", "sladefield", "st-thomas"], PolicyPacks.All.Select(p => p.Id));
        Assert.All(PolicyPacks.All, p => Assert.Empty(p.Settings.Weaker()));
        Assert.All(PolicyPacks.All, p => Assert.NotEmpty(p.Clauses));
    }

    [Fact]
    public void R12_st_thomas_tells_the_police_of_staff_cyberbullying_whatever_the_victim_wishes_and_cranborne_does_not()
    {
        var refuses = new VictimWishesRecorded(Teacher, false, "Would rather not.", Earlier);
        var refer = new ReferToPolice(As(Head), Now, "Abuse of a member of staff.", null, Earlier);
        Spec.ParentBreach.Given(ParentBreachTests.Abuse, Under(Pack("st-thomas")), refuses).When(refer)
            .Then(new CaseReferredToPolice("Abuse of a member of staff.", null, Earlier));
        Spec.ParentBreach.Given(ParentBreachTests.Abuse, Under(Pack("cranborne")), refuses).When(refer).ThenRefuses("R12");
    }

    [Fact]
    public void R9_clarendon_may_handle_sharing_nudes_in_school_and_st_thomas_sends_every_incident_to_the_police()
    {
        Spec.Concern.Given(Nudes, Under(Pack("clarendon")), NoCriteria).When(HandleInSchool)
            .Then(new DecisionRecorded(CaseDecision.HandleInSchool, "Talk to both pupils and their parents; image deleted.", "No UKCIS criterion holds."));
        Spec.Concern.Given(Nudes, Under(Pack("st-thomas")), NoCriteria).When(HandleInSchool).ThenRefuses("R9");
    }

    [Fact]
    public void R9_st_thomas_closes_a_nudes_case_only_after_the_police_and_the_parents_were_told_or_not_told_for_the_childs_safety()
    {
        var close = new CloseCase(As(Dsl), Now, "Referred.", "Police and parents told.");
        var police = new CaseReferredToPolice("Shared image.", "POL-1", Earlier);
        var stThomas = Spec.Concern.Given(Nudes, Under(Pack("st-thomas")), new CaseTriaged(RiskLevel.Medium, "Consensual, same age."), NoCriteria);
        stThomas.When(close).ThenRefuses("R9");
        stThomas.Given(police).When(close).ThenRefuses("R9");
        // Guidance still protects the child: not telling the parents, with the reason, is an answer too.
        stThomas.Given(police, new DecisionRecorded(CaseDecision.ParentsNotTold, "", "Telling her father would put her at risk."))
            .When(close).Then(new CaseClosed("Referred.", "Police and parents told."));
        stThomas.Given(police, new DecisionRecorded(CaseDecision.ParentsTold, "Both mothers phoned.", "School policy 9.1."))
            .When(close).Then(new CaseClosed("Referred.", "Police and parents told."));
        // The same case at Clarendon closes on the DSL's decision to handle it in school.
        Spec.Concern.Given(Nudes, Under(Pack("clarendon")), new CaseTriaged(RiskLevel.Medium, "Consensual, same age."), NoCriteria, new DecisionRecorded(CaseDecision.HandleInSchool, "", "No criterion."))
            .When(close).Then(new CaseClosed("Referred.", "Police and parents told."));
    }

    [Fact]
    public void R9_next_steps_follow_the_schools_policy_police_and_parents_at_st_thomas_the_dsls_decision_at_clarendon()
    {
        var triaged = new CaseTriaged(RiskLevel.Medium, "Consensual, same age.");
        var stThomas = Concern.Guidance(Spec.Concern.Given(Nudes, Under(Pack("st-thomas")), triaged, NoCriteria).State, As(Dsl), Context, Now);
        Assert.Equal([CaseAction.ReferToPolice, CaseAction.RecordDecision], stThomas.NextSteps);
        var clarendon = Concern.Guidance(Spec.Concern.Given(Nudes, Under(Pack("clarendon")), triaged, NoCriteria).State, As(Dsl), Context, Now);
        Assert.Contains(CaseAction.RecordDecision, clarendon.NextSteps);
        Assert.All(clarendon.NextSteps, step => Assert.Contains(step, clarendon.AllowedActions));
        Assert.All(stThomas.NextSteps, step => Assert.Contains(step, stThomas.AllowedActions));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(51)]
    public void S1_a_low_level_concern_is_kept_at_least_until_the_member_of_staff_leaves_never_a_negative_period(int years) =>
        Assert.Contains((SchoolSettings.Default with { LowLevelConcernYearsAfterLeaving = years }).Weaker(),
            w => w.Rule == "S1" && w.Field == "settings.lowLevelConcernYearsAfterLeaving");

    [Fact]
    public void A_school_sets_how_long_a_low_level_concern_is_kept_after_the_member_of_staff_leaves_from_0_years_default_6()
    {
        Assert.Equal(6, SchoolSettings.Default.LowLevelConcernYears);
        var none = SchoolSettings.Default with { Name = "Own", LowLevelConcernYearsAfterLeaving = 0 };
        Assert.Empty(none.Weaker());
        Assert.Equal(0, none.LowLevelConcernYears);
        Assert.Contains(none.Differences(), d => d.Setting == "low-level-concern-retention");
    }

    [Fact]
    public void S7_a_disclosure_given_a_category_takes_one_the_school_records_and_its_refusal_names_the_field()
    {
        var own = Pack("rainow") with { Categories = [ConcernCategory.Cyberbullying, ConcernCategory.SharingNudes, ConcernCategory.Other] };
        var school = new SchoolPolicy([new(1, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), own, Id(75), Dsl, Head, "r", null)], []);
        var context = Context with { School = school };
        RecordDisclosure Disclose(ConcernCategory? category) =>
            new(As(Teacher), Now, Year6Pupil, Teacher, "He hits me.", DisclosureAbout.Self, null, Earlier, Category: category);

        var refused = Assert.Throws<RuleViolation>(() => DisclosureCase.New.Decide(Disclose(ConcernCategory.DomesticAbuse), context));
        Assert.Equal(("S7", "category"), (refused.Rule, refused.Field));
        Assert.Single(DisclosureCase.New.Decide(Disclose(ConcernCategory.Cyberbullying), context));
        // Left for the DSL to say: nothing to check.
        Assert.Single(DisclosureCase.New.Decide(Disclose(null), context));
        // What a report form offers: the school's list, in the API's order.
        Assert.Equal([ConcernCategory.Cyberbullying, ConcernCategory.SharingNudes, ConcernCategory.Other], own.RecordedCategories);
        Assert.Equal(Enum.GetValues<ConcernCategory>(), SchoolSettings.Default.RecordedCategories);
    }

    [Fact]
    public void S7_a_school_records_concerns_under_its_own_categories_and_always_sharing_nudes_and_other()
    {
        var own = Pack("rainow") with { Categories = [ConcernCategory.Cyberbullying, ConcernCategory.SharingNudes, ConcernCategory.Other] };
        var school = new SchoolPolicy([new(1, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), own, Id(75), Dsl, Head, "r", null)], []);
        var context = Context with { School = school };
        ReportConcern Report(ConcernCategory category) =>
            new(As(Teacher), Now, [new PupilInvolved(Year8Pupil, PupilRole.Victim)], category, "Unkind messages in a group chat.", null, Earlier, null);
        Assert.Equal("S7", Assert.Throws<RuleViolation>(() => ConcernCase.New.Decide(Report(ConcernCategory.SexualAbuse), context)).Rule);
        Assert.Single(ConcernCase.New.Decide(Report(ConcernCategory.Cyberbullying), context));
        Assert.Single(ConcernCase.New.Decide(Report(ConcernCategory.Other), context));
        // The same report in a school with no list of its own.
        Assert.Single(ConcernCase.New.Decide(Report(ConcernCategory.SexualAbuse), Context));
        // No school's list leaves out sharing nudes (R9) or other.
        Assert.Contains((own with { Categories = [ConcernCategory.Cyberbullying, ConcernCategory.Other] }).Weaker(), w => w.Rule == "S7");
        Assert.Empty(own.Weaker());
    }

    [Fact]
    public void R10_at_clarendon_only_the_headteacher_invites_a_parent_in_breach_to_a_meeting_and_at_cranborne_the_dsl_may()
    {
        var invite = new InviteParentToMeeting(As(Dsl), Now, Now.AddDays(2), Earlier);
        Spec.ParentBreach.Given(ParentBreachTests.Abuse, Under(Pack("cranborne"))).When(invite).Then(new ParentInvitedToMeeting(Now.AddDays(2), Earlier));
        Spec.ParentBreach.Given(ParentBreachTests.Abuse, Under(Pack("clarendon"))).When(invite).ThenForbids("R10");
        Spec.ParentBreach.Given(ParentBreachTests.Abuse, Under(Pack("clarendon"))).When(invite with { Actor = As(Head) })
            .Then(new ParentInvitedToMeeting(Now.AddDays(2), Earlier));
    }

    [Fact]
    public void Clarendon_and_st_thomas_tell_the_headteacher_of_contact_attempts_and_sladefield_does_not()
    {
        var attempt = Nudes with { Category = ConcernCategory.ContactAttempt, Account = "A Year 8 pupil sent Mr Teacher a friend request." };
        ConcernCase Concern(string pack) => (ConcernCase)ConcernCase.New.Evolve(attempt).Evolve(UnderPack(pack));
        Assert.Equal(CaseVisibility.Full, Concern("clarendon").Visibility(As(Head)));
        Assert.Equal(CaseVisibility.Full, Concern("st-thomas").Visibility(As(Head)));
        Assert.Equal(CaseVisibility.None, Concern("sladefield").Visibility(As(Head)));
        // The headteacher reads it; the DSL still manages it.
        Assert.DoesNotContain(Concern("clarendon").AllowedActions(As(Head), Context, Now), a => a is CaseAction.Triage or CaseAction.Close);
        // Only contact attempts: the headteacher still does not read other concerns.
        Assert.Equal(CaseVisibility.None, ((ConcernCase)ConcernCase.New.Evolve(Nudes).Evolve(UnderPack("clarendon"))).Visibility(As(Head)));
    }

    [Fact]
    public void Clarendon_triages_the_same_day_and_rainow_by_the_end_of_the_next_working_day()
    {
        // Reported Tuesday 10 March 2026, 08:00.
        DateTimeOffset Triage(string pack) => Concern.Deadlines(Spec.Concern.Given(Nudes, Under(Pack(pack))).State).Single(d => d.Name == DeadlineNames.DslTriage).Due;
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), Triage("clarendon"));
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), Triage("rainow"));
    }

    [Fact]
    public void A_deadline_is_counted_by_the_settings_in_force_when_its_clock_started()
    {
        // Version 1 (triage next working day) was in force when the school was told; version 2 (same day) came into
        // force before the referral to social care: the triage keeps version 1, the referral follows version 2.
        var v1 = new SchoolPolicyApplied(1, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), Pack("rainow"));
        var v2 = new SchoolPolicyApplied(2, Now.AddHours(-1), Pack("rainow") with
        {
            Deadlines = Pack("rainow").Deadlines with { DslTriageWorkingDays = 0, SocialCareAcknowledgementWorkingDays = 0 },
        });
        var state = Spec.Concern.Given(Nudes, v1, v2, new CaseReferredToSocialCare("Referred.", null, Now)).State;
        var deadlines = Concern.Deadlines(state);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), deadlines.Single(d => d.Name == DeadlineNames.DslTriage).Due);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), deadlines.Single(d => d.Name == DeadlineNames.SocialCareAcknowledgement).Due);
        Assert.Equal(2, state.Case.PolicyVersion);
    }

    [Fact]
    public void A_case_with_no_settings_recorded_counts_by_the_default_which_was_the_only_policy_then()
    {
        var state = Spec.Concern.Given(Nudes).State;
        Assert.Equal(SchoolSettings.Default, state.Case.Policy);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), Concern.Deadlines(state).Single(d => d.Name == DeadlineNames.DslTriage).Due);
    }

    [Fact]
    public void Closure_days_lengthen_only_the_schools_own_wait_never_a_statutory_deadline()
    {
        // Closed Wednesday 11 and Thursday 12 March 2026 (say, snow).
        var closed = Pack("rainow") with { Closures = [new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 12)] };
        var asked = new ContentRemovalRequested(RemovalAskedOf.Poster, "https://facebook.example/post/1", Now);
        var withClosures = Spec.ParentBreach.Given(ParentBreachTests.Abuse, Under(closed), asked).State;
        var without = Spec.ParentBreach.Given(ParentBreachTests.Abuse, Under(Pack("rainow")), asked).State;
        DateTimeOffset Wait(ParentBreach.State s) => ParentBreach.Deadlines(s).Single(d => d.Name == DeadlineNames.PosterRemovalResponse).Due;
        // 5 working days from Tuesday: Tuesday 17th without closures, Thursday 19th with them.
        Assert.Equal(new DateTimeOffset(2026, 3, 18, 0, 0, 0, TimeSpan.Zero), Wait(without));
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero), Wait(withClosures));

        // A LADO referral of the same school on the same days does not pause (R5).
        var allegation = new AllegationReported(Teacher, Earlier, OtherTeacher, "Messages to a pupil.", Earlier, false, false, null);
        var met = new HarmThresholdAssessed(true, [HarmLimb.HarmedOrMayHaveHarmedAChild], "Met.");
        var lado = Allegation.Deadlines(Spec.Allegation.Given(allegation, Under(closed), met).State).Single(d => d.Name == DeadlineNames.LadoReferral);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), lado.Due);
    }

    [Theory]
    [InlineData("lado", "R5")]
    [InlineData("triage", "S2")]
    [InlineData("social-care", "R15")]
    public void A_school_may_shorten_a_statutory_deadline_never_lengthen_it(string deadline, string rule)
    {
        var d = DeadlineSettings.Default;
        var weaker = SchoolSettings.Default with
        {
            Name = "Weak School",
            Deadlines = deadline switch
            {
                "lado" => d with { LadoReferralWorkingDays = 2 },
                "triage" => d with { DslTriageWorkingDays = 3 },
                _ => d with { SocialCareAcknowledgementWorkingDays = 5 },
            },
        };
        IReadOnlyList<object> Propose(SchoolSettings settings) =>
            ChangeSchoolPolicy.Propose(SchoolPolicy.None, As(Dsl), settings, null, new DateOnly(2026, 4, 1), "Give us longer.", Now);
        Assert.Equal(rule, Assert.Throws<RuleViolation>(() => Propose(weaker)).Rule);
        // Stricter is allowed: the same day.
        Assert.Single(Propose(weaker with { Deadlines = d with { LadoReferralWorkingDays = 0, DslTriageWorkingDays = 0, SocialCareAcknowledgementWorkingDays = 0 } }));
    }

    [Fact]
    public void S4_a_change_is_approved_by_the_head_or_the_chair_and_never_by_who_proposed_it()
    {
        var proposed = (SchoolPolicyProposed)ChangeSchoolPolicy.Propose(SchoolPolicy.None, As(Head), null, "st-thomas", new DateOnly(2026, 4, 1), "Adopted.", Now).Single();
        var policy = SchoolPolicy.None.Evolve(proposed, Now);
        Assert.Equal("S4", Assert.Throws<NotPermitted>(() => ChangeSchoolPolicy.Approve(policy, As(Head), proposed.ProposalId, null, Now)).Rule);
        Assert.Equal("S4", Assert.Throws<NotPermitted>(() => ChangeSchoolPolicy.Approve(policy, As(Dsl), proposed.ProposalId, null, Now)).Rule);
        var approved = (SchoolPolicyApproved)ChangeSchoolPolicy.Approve(policy, As(Chair), proposed.ProposalId, "Governors met on 9 March.", Now).Single();
        Assert.Equal(1, approved.Version);
        // In force from the start of its school day in London (BST on 1 April).
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(1)), approved.InForceFrom);
        var after = policy.Evolve(approved, Now);
        Assert.Equal(SchoolSettings.Default, after.SettingsAt(new DateTimeOffset(2026, 3, 31, 22, 59, 0, TimeSpan.Zero)));
        Assert.Equal(Pack("st-thomas"), after.SettingsAt(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void S3_a_teacher_proposes_nothing_and_S5_a_change_is_never_back_dated()
    {
        IReadOnlyList<object> Propose(Actor actor, DateOnly from) =>
            ChangeSchoolPolicy.Propose(SchoolPolicy.None, actor, Pack("clarendon"), "clarendon", from, "Adopted.", Now);
        Assert.Equal("S3", Assert.Throws<NotPermitted>(() => Propose(As(Teacher), new DateOnly(2026, 3, 10))).Rule);
        Assert.Single(Propose(As(Dsl), new DateOnly(2026, 3, 10)));
        Assert.Equal("S5", Assert.Throws<RuleViolation>(() => Propose(As(Dsl), new DateOnly(2026, 3, 9))).Rule);
    }

    [Fact]
    public void An_approval_made_after_its_day_is_in_force_from_the_approval_never_before()
    {
        var proposed = (SchoolPolicyProposed)ChangeSchoolPolicy.Propose(SchoolPolicy.None, As(Dsl), Pack("clarendon"), "clarendon", new DateOnly(2026, 3, 10), "Adopted.", Earlier).Single();
        var approved = (SchoolPolicyApproved)ChangeSchoolPolicy.Approve(SchoolPolicy.None.Evolve(proposed, Earlier), As(Head), proposed.ProposalId, null, Now).Single();
        Assert.Equal(Now, approved.InForceFrom);
    }

    [Fact]
    public void A_case_records_the_version_in_force_when_it_was_told_and_every_later_one_and_none_superseded_before()
    {
        SchoolPolicy policy = new([
            new(1, new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero), Pack("rainow"), Id(71), Dsl, Head, "r", null),
            new(2, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), Pack("clarendon"), Id(72), Dsl, Head, "r", null),
            new(3, new DateTimeOffset(2026, 3, 9, 0, 0, 0, TimeSpan.Zero), Pack("st-thomas"), Id(73), Dsl, Head, "r", null),
            new(4, new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), Pack("cranborne"), Id(74), Dsl, Head, "r", null),
        ], []);
        // Told in February (version 2 in force), recorded now (version 3); version 4 is not in force yet.
        Assert.Equal([2, 3], policy.ToApply(0, new DateTimeOffset(2026, 2, 2, 9, 0, 0, TimeSpan.Zero), Now).Select(a => a.Version));
        // A case that already holds version 2 records only version 3.
        Assert.Equal([3], policy.ToApply(2, new DateTimeOffset(2026, 2, 2, 9, 0, 0, TimeSpan.Zero), Now).Select(a => a.Version));
        // A case holding the latest records nothing.
        Assert.Empty(policy.ToApply(3, Earlier, Now));
    }
}
