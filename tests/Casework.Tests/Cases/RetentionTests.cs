using Casework.Cases;
using Casework.Concerns;
using Casework.Registers;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>ADR 35: how long a record is kept, the legal holds that block its destruction, and the review that keeps or destroys it.</summary>
public class RetentionTests
{
    private static readonly Guid Hold = Id(400), Decision = Id(401);

    private static ConcernReported About(ConcernCategory category, params Guid[] pupils) =>
        new(Teacher, Earlier, [.. pupils.Select(p => new PupilInvolved(p, PupilRole.Victim))], category, "Account.", null, Earlier, null);

    private static Case Concern(ConcernCategory category, params Guid[] pupils) => Case.Open(About(category, pupils))!;

    [Fact]
    public void Retention_a_pupils_record_is_kept_until_their_date_of_birth_plus_25_years_and_the_latest_pupils() =>
        // Eve Eight, born 10 Sep 2012, is older than Theo Three, born 1 Jun 2017: the case is kept for Theo.
        Assert.Equal(new DateOnly(2042, 6, 1), Retention.Until(Concern(ConcernCategory.Cyberbullying, Year8Pupil, Year3Pupil), Context.Pupils, Context.Staff));

    [Theory]
    [InlineData(ConcernCategory.SexualAbuse)]
    [InlineData(ConcernCategory.SexualViolenceOrHarassment)]
    [InlineData(ConcernCategory.ChildSexualExploitation)]
    public void Retention_a_sexual_abuse_record_is_kept_75_years_from_the_pupils_birth(ConcernCategory category) =>
        Assert.Equal(new DateOnly(2087, 9, 10), Retention.Until(Concern(category, Year8Pupil), Context.Pupils, Context.Staff));

    [Fact]
    public void Retention_an_allegation_is_kept_10_years_from_when_the_school_was_told() =>
        Assert.Equal(DateOnly.FromDateTime(Earlier.UtcDateTime).AddYears(10), Retention.Until(Allegation, Context.Pupils, Context.Staff));

    private static CaseContext WithTeacher(DateOnly? born = null, bool left = false, DateOnly? leftOn = null) => Context with
    {
        Staff = new Dictionary<Guid, StaffFacts>(Context.Staff) { [Teacher] = Context.Staff[Teacher] with { DateOfBirth = born, HasLeft = left, LeftOn = leftOn } },
    };

    private static Case Allegation => Case.Open(Casework.Tests.Allegations.AllegationTests.AboutTeacher)!;

    private static Case LowLevelConcern => Allegation.Evolve(new Casework.Allegations.LowLevelConcernRecorded("Summary.", "Rationale."));

    [Fact]
    public void Retention_an_allegation_is_kept_until_the_subjects_state_pension_age_when_later_than_10_years()
    {
        // Born 1 June 1980: State Pension age 68, on 1 June 2048, later than 10 March 2036.
        var context = WithTeacher(new DateOnly(1980, 6, 1));
        Assert.Equal(new DateOnly(2048, 6, 1), Retention.Until(Allegation, context.Pupils, context.Staff));
        Assert.False(Retention.DateOfBirthUnknown(Allegation, context.Pupils, context.Staff));
    }

    [Fact]
    public void Retention_an_allegation_about_someone_near_pension_age_is_kept_10_years()
    {
        // Born 1 January 1962: State Pension age 67, on 1 January 2029, before 10 March 2036.
        var context = WithTeacher(new DateOnly(1962, 1, 1));
        Assert.Equal(new DateOnly(2036, 3, 10), Retention.Until(Allegation, context.Pupils, context.Staff));
    }

    [Fact]
    public void Retention_an_allegation_whose_subjects_date_of_birth_is_not_held_is_kept_10_years_and_says_the_date_of_birth_is_unknown()
    {
        Assert.Equal(new DateOnly(2036, 3, 10), Retention.Until(Allegation, Context.Pupils, Context.Staff));
        Assert.True(Retention.DateOfBirthUnknown(Allegation, Context.Pupils, Context.Staff));
    }

    [Fact]
    public void Retention_a_low_level_concern_is_kept_the_schools_years_after_the_member_of_staff_leaves()
    {
        var left = WithTeacher(left: true, leftOn: new DateOnly(2027, 7, 20));
        Assert.Equal(new DateOnly(2033, 7, 20), Retention.Until(LowLevelConcern, left.Pupils, left.Staff));
        var school = LowLevelConcern.Evolve(new SchoolPolicyApplied(1, Earlier,
            Casework.SchoolPolicies.SchoolSettings.Default with { LowLevelConcernYearsAfterLeaving = 2 }));
        Assert.Equal(new DateOnly(2029, 7, 20), Retention.Until(school, left.Pupils, left.Staff));
    }

    [Fact]
    public void Retention_a_low_level_concern_is_kept_while_the_member_of_staff_stays_and_not_destroyed()
    {
        Assert.Null(Retention.Until(LowLevelConcern, Context.Pupils, Context.Staff));
        Assert.True(Retention.KeptWhileTheyStay(LowLevelConcern, Context.Staff));
        var closed = LowLevelConcern.Evolve(Casework.Tests.Allegations.AllegationTests.ToHead).Evolve(new CaseClosed("s", "r"));
        var destroy = new ReviewRetention(As(Head), Now.AddYears(100), Decision, RetentionDecision.Destroy, null, null);
        Assert.Contains("until the member of staff leaves", Assert.Throws<RuleViolation>(() => closed.Decide(destroy, Context)).Message);
        // A review's "keep until" day does not shorten it: the member of staff is still here when it comes.
        var kept = closed.Evolve(new RetentionReviewed(Decision, new DateOnly(2030, 1, 1), "Reviewed."));
        Assert.Contains("until the member of staff leaves", Assert.Throws<RuleViolation>(() => kept.Decide(destroy, Context)).Message);
    }

    [Fact]
    public void Retention_a_pupil_whose_date_of_birth_is_not_held_leaves_the_date_unknown_and_the_record_is_not_destroyed()
    {
        var unknown = Concern(ConcernCategory.Cyberbullying, Id(499));
        Assert.Null(Retention.Until(unknown, Context.Pupils, Context.Staff));
        var closed = unknown.Evolve(new CaseClosed("s", "r"));
        Assert.Equal("RETENTION", Assert.Throws<RuleViolation>(() => closed.Decide(Destroy(Now.AddYears(100)), Context)).Rule);
    }

    [Fact]
    public void Retention_a_parents_breach_has_no_date_by_law_whichever_pupils_it_concerns_and_is_not_destroyed()
    {
        // Theo Three's date of birth is held (a concern about him is kept until 1 June 2042); the breach names him all the same.
        var breach = Case.Open(Casework.Tests.ParentBreaches.ParentBreachTests.Abuse with { Flags = [], TargetStaffId = null })!;
        Assert.Equal([Year3Pupil], breach.Parties.Pupils);
        Assert.Null(Retention.Until(breach, Context.Pupils, Context.Staff));
        Assert.False(Retention.DateOfBirthUnknown(breach, Context.Pupils, Context.Staff));
        Assert.False(Retention.DateOfBirthUnknown(Case.Open(Casework.Tests.ParentBreaches.ParentBreachTests.Abuse with { PupilIds = [Id(499)] })!, Context.Pupils, Context.Staff));
        var closed = breach.Evolve(new CaseClosed("s", "r"));
        Assert.Equal("RETENTION", Assert.Throws<RuleViolation>(() => closed.Decide(Destroy(Now.AddYears(100)), Context)).Rule);
    }

    private static ReviewRetention Destroy(DateTimeOffset at) => new(As(Dsl), at, Decision, RetentionDecision.Destroy, null, null);

    private static Spec<Concern.State> ClosedConcern =>
        Spec.Concern.Given(About(ConcernCategory.Cyberbullying, Year8Pupil), new CaseClosed("Done.", "Resolved."));

    // Eve Eight, born 10 Sep 2012: her record is due 25 years after her birth, on 10 Sep 2037.
    private static readonly DateTimeOffset Due = new(2037, 9, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retention_a_closed_record_is_destroyed_once_due_by_deleting_its_key_keeping_only_that_it_existed() =>
        ClosedConcern.When(Destroy(Due)).Then(
            new ContentErased(Decision, ErasureReason.RetentionReview, Dsl, Due, []),
            new RecordDestroyed(Decision, Due, new DateOnly(2037, 9, 10)));

    [Fact]
    public void Retention_a_record_is_not_destroyed_before_it_is_due_nor_while_open()
    {
        ClosedConcern.When(Destroy(Due.AddDays(-1))).ThenRefuses("RETENTION");
        Spec.Concern.Given(About(ConcernCategory.Cyberbullying, Year8Pupil)).When(Destroy(Due)).ThenRefuses("RETENTION");
    }

    [Theory]
    [InlineData(LegalHoldKind.PoliceInvestigation)]
    [InlineData(LegalHoldKind.Litigation)]
    [InlineData(LegalHoldKind.SubjectAccessRequest)]
    public void Retention_a_legal_hold_blocks_destruction_until_it_is_lifted(LegalHoldKind kind)
    {
        var held = ClosedConcern.Do(new PlaceLegalHold(As(Dsl), Now, Hold, kind, "REF-1"));
        held.When(Destroy(Due)).ThenRefuses("RETENTION");
        held.Do(new LiftLegalHold(As(Dsl), Now, Hold)).When(Destroy(Due)).Events.OfType<RecordDestroyed>().Single();
    }

    [Fact]
    public void Retention_a_review_keeps_the_record_until_a_later_day_with_a_reason_and_it_is_due_again_then()
    {
        var kept = ClosedConcern.Do(new ReviewRetention(As(Dsl), Due, Decision, RetentionDecision.Keep, new DateOnly(2040, 1, 1), "A sibling's case refers to it."));
        kept.When(Destroy(Due.AddYears(1))).ThenRefuses("RETENTION");
        kept.When(Destroy(new DateTimeOffset(2040, 1, 1, 12, 0, 0, TimeSpan.Zero))).Events.OfType<RecordDestroyed>().Single();
        ClosedConcern.When(new ReviewRetention(As(Dsl), Due, Decision, RetentionDecision.Keep, new DateOnly(2040, 1, 1), " ")).ThenRefuses("R3");
        ClosedConcern.When(new ReviewRetention(As(Dsl), Due, Decision, RetentionDecision.Keep, new DateOnly(2037, 9, 10), "Why.")).ThenRefuses("RETENTION");
    }

    [Fact]
    public void Retention_the_register_lists_a_closed_record_and_not_an_open_or_destroyed_one()
    {
        Assert.DoesNotContain(CaseRegisters.Retention, CaseRegisters.Tags(new ConcernCase(Spec.Concern.Given(About(ConcernCategory.Cyberbullying, Year8Pupil)).State), []));
        Assert.Contains(CaseRegisters.Retention, CaseRegisters.Tags(new ConcernCase(ClosedConcern.State), []));
        Assert.DoesNotContain(CaseRegisters.Retention, CaseRegisters.Tags(new ConcernCase(ClosedConcern.Do(Destroy(Due)).State), []));
    }

    [Fact]
    public void Retention_only_the_cases_manager_reviews_or_holds_a_record_and_a_destroyed_one_records_nothing_more()
    {
        ClosedConcern.When(new ReviewRetention(As(Head), Due, Decision, RetentionDecision.Destroy, null, null)).ThenForbids("R2");
        ClosedConcern.When(new PlaceLegalHold(As(Teacher), Now, Hold, LegalHoldKind.Litigation, null)).ThenForbids("R2");
        var destroyed = ClosedConcern.Do(Destroy(Due));
        destroyed.When(new ReopenCase(As(Dsl), Due, "Again.")).ThenRefuses("RETENTION");
        destroyed.When(new PlaceLegalHold(As(Dsl), Due, Hold, LegalHoldKind.Litigation, null)).ThenRefuses("RETENTION");
        Assert.Empty(Casework.Concerns.Concern.AllowedActions(destroyed.State, As(Dsl), Context, Due));
    }
}
