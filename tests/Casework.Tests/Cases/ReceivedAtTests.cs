using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>When the school was told (a report's receivedAt): deadlines count from it, not from when it was typed in.</summary>
public class ReceivedAtTests
{
    // Phoned in on Friday 6 March 2026 at 15:00; recorded by the DSL on Monday 9 March at 10:00 (GMT).
    private static readonly DateTimeOffset Friday = new(2026, 3, 6, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday = new(2026, 3, 9, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EndOfMonday = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private static ReportAllegation Allegation(DateTimeOffset? receivedAt, bool indecentImages = false) =>
        new(As(Dsl), Monday, Teacher, "A parent phoned about the PE teacher.", Friday.AddHours(-5), indecentImages, false, receivedAt);

    private static ReportConcern Concern(DateTimeOffset? receivedAt, DateTimeOffset? occurredAt = null) =>
        new(As(Teacher), Monday, [new PupilInvolved(Year3Pupil, PupilRole.Victim)], ConcernCategory.Other, "Bruises on his arm.", null,
            occurredAt ?? Friday.AddHours(-1), null, receivedAt);

    private static Deadline Due(IEnumerable<Deadline> deadlines, string name) => Assert.Single(deadlines, d => d.Name == name);

    [Fact]
    public void R1_a_report_records_when_the_school_was_told_and_when_it_was_recorded() =>
        Spec.Allegation.When(Allegation(Friday)).Then(
            new AllegationReported(Dsl, Monday, Teacher, "A parent phoned about the PE teacher.", Friday.AddHours(-5), false, false, Friday),
            new AllegationCaseManagerAssigned(Head, Role.Headteacher));

    [Fact]
    public void R1_without_received_at_the_school_was_told_when_it_was_recorded() =>
        Assert.Equal(Monday, Assert.IsType<ConcernReported>(Spec.Concern.When(Concern(null)).Events.Single()).ReceivedAt);

    [Fact]
    public void R1_received_at_cannot_be_in_the_future()
    {
        Spec.Concern.When(Concern(Monday.AddMinutes(1))).ThenRefuses("R1");
        Spec.Allegation.When(Allegation(Monday.AddMinutes(1))).ThenRefuses("R1");
        Spec.Disclosure.When(new RecordDisclosure(As(Teacher), Monday, Year6Pupil, Teacher, "w", DisclosureAbout.Self, null, Friday, Monday.AddDays(1))).ThenRefuses("R1");
    }

    [Fact]
    public void R1_the_school_cannot_have_been_told_before_it_happened()
    {
        Spec.Concern.When(Concern(Friday, occurredAt: Friday.AddMinutes(1))).ThenRefuses("R1");
        Spec.ParentBreach.When(new ReportParentBreach(As(Teacher), Monday, Parent, [], "Facebook", null, "w", [], null, Friday, Friday.AddSeconds(-1)))
            .ThenRefuses("R1");
    }

    [Fact]
    public void R5_the_lado_deadline_counts_from_when_the_school_was_told_not_from_when_it_was_recorded()
    {
        var met = Spec.Allegation.Do(Allegation(Friday)).Given(Tests.Allegations.AllegationTests.Met).State;
        var deadlines = Casework.Allegations.Allegation.Deadlines(met);

        Assert.Equal(EndOfMonday, Due(deadlines, DeadlineNames.LadoReferral).Due);
        Assert.Equal(EndOfMonday, Due(deadlines, DeadlineNames.HarmThresholdAssessment).Due);
        Assert.Equal(Friday, met.Case.ReportedAt);
    }

    [Fact]
    public void R6_the_same_day_is_the_day_the_school_was_told()
    {
        var state = Spec.Allegation.Do(Allegation(Friday, indecentImages: true)).State;
        var deadlines = Casework.Allegations.Allegation.Deadlines(state);

        Assert.Equal(WorkingDayCalendar.EndOfDay(Friday), Due(deadlines, DeadlineNames.PoliceReferral).Due);
        Assert.Equal(WorkingDayCalendar.EndOfDay(Friday), Due(deadlines, DeadlineNames.LadoReferral).Due);
    }

    [Fact]
    public void R2_dsl_triage_counts_from_when_the_school_was_told()
    {
        var state = Spec.Concern.Do(Concern(Friday)).State;

        Assert.Equal(EndOfMonday, Due(Casework.Concerns.Concern.Deadlines(state), DeadlineNames.DslTriage).Due);
    }
}
