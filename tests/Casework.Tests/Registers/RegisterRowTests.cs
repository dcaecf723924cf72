using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.Registers;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Registers;

/// <summary>The registers' rows and tags, from the case document alone: pure, at chosen instants.</summary>
public class RegisterRowTests
{
    private static readonly Guid CaseId = Id(700);

    // Tuesday 1 December 2026, 10:00 in London: a working week with no bank holiday.
    private static readonly DateTimeOffset Told = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static CaseRecord Fold(params object[] events) => CaseRecord.Append(null, CaseId, 0, events)!;

    private static RowContext At(DateTimeOffset now, params Role[] roles) =>
        new(new Dictionary<Guid, string> { [Year6Pupil] = "Priya Six", [Teacher] = "Tom Teacher" }, now, new Actor(Id(701), roles.ToHashSet()));

    private static CaseRecord Concern(params object[] more) => Fold([
        new ConcernReported(Teacher, Told, [new PupilInvolved(Year6Pupil, PupilRole.Victim)], ConcernCategory.Cyberbullying, "a", null, Told.AddHours(-1), null), .. more]);

    private static CaseRecord AllegationAbout(Guid subject, params object[] more) =>
        Fold([new AllegationReported(Head, Told, subject, "The account.", Told.AddHours(-3), false, false), .. more]);

    private static IReadOnlyDictionary<Guid, StaffFacts> TeacherFacts(DateOnly? born = null, DateOnly? leftOn = null) =>
        new Dictionary<Guid, StaffFacts>(Context.Staff) { [Teacher] = Context.Staff[Teacher] with { DateOfBirth = born, HasLeft = leftOn is not null, LeftOn = leftOn } };

    [Fact]
    public void ADR_35_a_due_allegation_whose_subjects_date_of_birth_is_not_held_is_listed_for_review_saying_so()
    {
        var closed = AllegationAbout(Teacher, new CaseClosed("s", "r"));
        var elevenYears = Told.AddYears(11);
        var unknown = Assert.Single(CaseRegisters.RetentionRegister.Rows(closed, At(elevenYears, Role.Dsl) with { Staff = TeacherFacts() }));
        Assert.True(unknown.DateOfBirthUnknown);
        Assert.Equal(new DateOnly(2036, 12, 1), unknown.DueOn);
        // Born 1 June 1980, the subject is kept until their State Pension age, 1 June 2048: not due at 11 years.
        Assert.Empty(CaseRegisters.RetentionRegister.Rows(closed, At(elevenYears, Role.Dsl) with { Staff = TeacherFacts(new DateOnly(1980, 6, 1)) }));
    }

    [Fact]
    public void ADR_35_a_low_level_concern_is_not_listed_for_review_while_the_member_of_staff_stays_and_is_once_the_schools_years_after_they_left_pass()
    {
        var closed = AllegationAbout(Teacher, new LowLevelConcernRecorded("s", "r"), new CaseClosed("s", "r"));
        var later = Told.AddYears(30);
        Assert.Empty(CaseRegisters.RetentionRegister.Rows(closed, At(later, Role.Dsl) with { Staff = TeacherFacts() }));
        var left = TeacherFacts(leftOn: new DateOnly(2027, 7, 20));
        Assert.Empty(CaseRegisters.RetentionRegister.Rows(closed, At(new DateTimeOffset(2033, 7, 19, 12, 0, 0, TimeSpan.Zero), Role.Dsl) with { Staff = left }));
        Assert.Equal(new DateOnly(2033, 7, 20), Assert.Single(CaseRegisters.RetentionRegister.Rows(closed, At(later, Role.Dsl) with { Staff = left })).DueOn);
    }

    [Fact]
    public void An_untriaged_concern_is_in_the_dsl_queue_with_its_pupil_by_name_and_leaves_it_when_triaged()
    {
        var row = Assert.Single(CaseRegisters.DslQueueRegister.Rows(Concern(), At(Told.AddHours(1), Role.Dsl)));

        Assert.Equal([CaseRegisters.DslQueue], Concern().Registers);
        Assert.Equal([new PersonName(Year6Pupil, "Priya Six")], row.People);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), row.TriageDue); // end of Wednesday in London
        Assert.False(row.Overdue);
        Assert.DoesNotContain(CaseRegisters.DslQueue, Concern(new CaseTriaged(RiskLevel.Low, "r")).Registers);
    }

    [Fact]
    public void A_missed_triage_deadline_is_an_overdue_row_with_how_many_working_days_late()
    {
        // Due at the end of Wednesday 2 December; read on Monday 7 December: Thursday, Friday and Monday are late.
        var rows = CaseRegisters.OverdueRegister.Rows(Concern(), At(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero), Role.Dsl)).ToList();

        var row = Assert.Single(rows);
        Assert.Equal((DeadlineNames.DslTriage, (string?)null, 3), (row.Deadline, row.Rule, row.WorkingDaysLate));
        Assert.Empty(CaseRegisters.OverdueRegister.Rows(Concern(), At(Told.AddHours(2), Role.Dsl)));
    }

    [Fact]
    public void R15_an_unacknowledged_social_care_referral_needs_follow_up_once_its_working_day_has_passed()
    {
        var referred = Concern(new CaseTriaged(RiskLevel.High, "r"), new CaseReferredToSocialCare("s", null, Told.AddHours(1)));
        var nextWeek = At(Told.AddDays(6), Role.Dsl);

        var row = Assert.Single(CaseRegisters.SocialCareReferralsRegister.Rows(referred, nextWeek));
        Assert.True(row.NeedsFollowUp);
        var overdue = Assert.Single(CaseRegisters.OverdueRegister.Rows(referred, nextWeek));
        Assert.Equal("R15", overdue.Rule);
        var acknowledged = referred.Case.Evolve(new ReferralAcknowledged(Agency.ChildrensSocialCare, "ref", Told.AddHours(2)));
        Assert.False(Assert.Single(CaseRegisters.SocialCareReferralsRegister.Rows(referred with { Case = acknowledged }, nextWeek)).NeedsFollowUp);
    }

    [Theory]
    [InlineData(null, 1, RemovalNextStep.WaitForPoster)]
    [InlineData(null, 10, RemovalNextStep.AskPlatformOrPosh)]
    [InlineData(ContentRemovalOutcome.Refused, 1, RemovalNextStep.AskPlatformOrPosh)]
    [InlineData(ContentRemovalOutcome.NoResponse, 1, RemovalNextStep.AskPlatformOrPosh)]
    [InlineData(ContentRemovalOutcome.Removed, 1, RemovalNextStep.Nothing)]
    public void R10_the_platform_or_posh_may_be_asked_only_after_the_poster_refused_or_let_the_wait_pass(
        ContentRemovalOutcome? outcome, int daysLater, RemovalNextStep next)
    {
        object[] events = outcome is { } o
            ? [new ContentRemovalRequested(RemovalAskedOf.Poster, "https://x", Told), new ContentRemovalOutcomeRecorded(RemovalAskedOf.Poster, o, Told.AddHours(1))]
            : [new ContentRemovalRequested(RemovalAskedOf.Poster, "https://x", Told)];

        var row = Assert.Single(CaseRegisters.ContentRemovalsRegister.Rows(Concern(events), At(Told.AddDays(daysLater), Role.Dsl)));

        Assert.Equal(next, row.Next);
        Assert.Equal(new DateTimeOffset(2026, 12, 9, 0, 0, 0, TimeSpan.Zero), row.PlatformAllowedFrom); // five working days
    }

    [Fact]
    public void R10_each_url_is_its_own_row_with_its_own_next_step()
    {
        var rows = CaseRegisters.ContentRemovalsRegister.Rows(Concern(
            new ContentRemovalRequested(RemovalAskedOf.Poster, "https://x/1", Told), new ContentRemovalRequested(RemovalAskedOf.Poster, "https://x/2", Told),
            new ContentRemovalOutcomeRecorded(RemovalAskedOf.Poster, ContentRemovalOutcome.Refused, Told.AddHours(1), "https://x/1")), At(Told.AddDays(1), Role.Dsl));

        Assert.Equal([("https://x/1", RemovalNextStep.AskPlatformOrPosh), ("https://x/2", RemovalNextStep.WaitForPoster)], rows.Select(r => (r.Url, r.Next)));
    }

    [Theory]
    [InlineData(AllegationOutcome.False, false, Role.Headteacher, true)]
    [InlineData(AllegationOutcome.Malicious, false, Role.Headteacher, true)]
    [InlineData(AllegationOutcome.Malicious, true, Role.Headteacher, false)]
    [InlineData(AllegationOutcome.False, false, Role.Auditor, true)]
    [InlineData(AllegationOutcome.Malicious, true, Role.Auditor, false)]
    [InlineData(AllegationOutcome.Unfounded, false, Role.Headteacher, false)]
    public void R8_false_or_malicious_allegations_are_withheld_from_every_reader_unless_the_subject_consented(
        AllegationOutcome outcome, bool consent, Role reader, bool withheld)
    {
        object[] consented = consent ? [new SubjectConsentToKeepRecorded("n", Told)] : [];
        var record = AllegationAbout(Teacher, [new HarmThresholdAssessed(false, [], "r"), .. consented, new AllegationOutcomeRecorded(outcome, "r")]);
        var context = At(Told.AddDays(1), reader);

        // The one sight rule decides it (auditors included: they are told that it is withheld and why, not what it says).
        Assert.Equal(withheld, record.Withheld);
        Assert.Equal(withheld ? CaseVisibility.Withheld : CaseVisibility.Full, Sight.Of(record, context.Reader));
        var row = Assert.Single(CaseRegisters.AllegationsRegister.Rows(record, context with { Withheld = record.Withheld }));

        Assert.Equal(withheld, row.DetailsWithheld);
        Assert.Equal(withheld ? null : new PersonName(Teacher, "Tom Teacher"), row.Subject);
        Assert.Equal(withheld ? null : "The account.", row.Summary);
        Assert.Equal(withheld, row.WithheldBecause is not null);
        Assert.False(row.MayBeMentionedInReferences);
    }

    [Fact]
    public void Only_a_substantiated_allegation_may_be_mentioned_in_references_and_a_low_level_concern_tags_the_case()
    {
        var substantiated = AllegationAbout(Teacher, new HarmThresholdAssessed(true, [HarmLimb.HarmedOrMayHaveHarmedAChild], "r"),
            new AllegationReferredToLado("s", null, Told), new AllegationOutcomeRecorded(AllegationOutcome.Substantiated, "r"));
        var lowLevel = AllegationAbout(Teacher, new HarmThresholdAssessed(false, [], "r"), new LowLevelConcernRecorded("s", "r"));

        Assert.True(Assert.Single(CaseRegisters.AllegationsRegister.Rows(substantiated, At(Told, Role.Headteacher))).MayBeMentionedInReferences);
        Assert.Equal([CaseRegisters.LadoReferrals, CaseRegisters.Allegations], substantiated.Registers);
        Assert.Equal([CaseRegisters.Allegations, CaseRegisters.LowLevelConcerns], lowLevel.Registers);
        var pattern = CaseRegisters.Pattern(Teacher, [lowLevel, lowLevel with { Id = Id(702) }], At(Told, Role.Headteacher));
        Assert.Equal((2, "Tom Teacher"), (pattern.Count, pattern.Staff.Name));
    }

    [Theory]
    [InlineData("2026-12-03T00:00:00Z", "2026-12-03T09:00:00Z", 1)] // due at the end of Wednesday; Thursday counts
    [InlineData("2026-12-04T00:00:00Z", "2026-12-05T12:00:00Z", 1)] // Friday late, Saturday is no working day
    [InlineData("2026-12-24T00:00:00Z", "2026-12-29T09:00:00Z", 2)] // Christmas and Boxing Day (bank holidays, 28th substitute) excluded
    public void Working_days_late_count_the_working_days_from_the_day_it_fell_due_to_today(string due, string now, int late) =>
        Assert.Equal(late, CaseRegisters.WorkingDaysLate(DateTimeOffset.Parse(due), DateTimeOffset.Parse(now)));
}
