using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Allegations;

public class IndecentImagesTests
{
    private static readonly AllegationReported ImagesFound =
        new(Dsl, Earlier, Teacher, "Indecent images of children found on a school laptop.", Earlier, true, false);

    private static readonly CaseReferredToPolice Police = new("Laptop seized by police.", "POL-1", Earlier);

    private static RecordEvidence Evidence(EvidenceKind kind) =>
        new(As(Head), Now, Id(300), kind, "School laptop CR-17", Earlier, Earlier, "Laptop handed to police, sealed.", null);

    [Fact]
    public void R6_evidence_refused_until_police_and_lado_informed() =>
        Spec.Allegation.Given(ImagesFound, AllegationTests.ToHead, Police).When(Evidence(EvidenceKind.WrittenRecord)).ThenRefuses("R6");

    [Fact]
    public void R6_a_meeting_is_refused_until_police_and_lado_informed() =>
        Spec.Allegation.Given(ImagesFound, AllegationTests.ToHead, AllegationTests.Referred)
            .When(new RecordMeeting(As(Head), Now, Id(301), Earlier, ["Head", "Teacher"], "Discussed.")).ThenRefuses("R6");

    [Fact]
    public void R6_written_evidence_is_allowed_once_police_and_lado_know() =>
        Spec.Allegation.Given(ImagesFound, AllegationTests.ToHead, Police, AllegationTests.Referred, AllegationTests.Met)
            .When(Evidence(EvidenceKind.WrittenRecord))
            .Then(new EvidenceRecorded(Id(300), EvidenceKind.WrittenRecord, "School laptop CR-17", Earlier, Earlier, "Laptop handed to police, sealed.", null));

    [Fact]
    public void R6_the_material_itself_is_never_uploaded() =>
        Spec.Allegation.Given(ImagesFound, AllegationTests.ToHead, Police, AllegationTests.Referred, AllegationTests.Met)
            .When(Evidence(EvidenceKind.Image)).ThenRefuses("R6");

    [Fact]
    public void R6_the_police_may_be_told_before_the_threshold_is_assessed() =>
        Spec.Allegation.Given(ImagesFound, AllegationTests.ToHead)
            .When(new ReferToPolice(As(Head), Now, "Laptop seized by police.", "POL-1", Earlier)).Then(Police);

    [Fact]
    public void R6_police_and_lado_are_due_the_same_day()
    {
        var state = new object[] { ImagesFound, AllegationTests.ToHead }.Aggregate(Allegation.Initial, Allegation.Evolve);
        var endOfToday = new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [new Deadline(DeadlineNames.PoliceReferral, endOfToday, false), new Deadline(DeadlineNames.LadoReferral, endOfToday, false)],
            Allegation.Deadlines(state).Where(d => d.Name != DeadlineNames.HarmThresholdAssessment));
    }

    /// <summary>Cranborne 2.7.4: a laptop with indecent images of children, from report to close.</summary>
    [Fact]
    public void Scenario_Cranborne_laptop_with_indecent_images()
    {
        var head = As(Head);
        var story = Spec.Allegation
            .Do(new ReportAllegation(As(Dsl), Now, Teacher, "Technician found indecent images of children on the teacher's school laptop.", Earlier, true, false))
            .Refuses(new RecordInvestigationStep(head, Now, Id(1), "Look at the images to judge them.", Now), "R6")
            .Do(new ReferToPolice(head, Now, "Reported to police; laptop isolated, not opened.", "POL-77", Now))
            .Refuses(Evidence(EvidenceKind.WrittenRecord), "R6")
            .Do(new ReferAllegationToLado(head, Now, "LADO told by phone.", "LADO-77", Now))
            .Do(new AssessHarmThreshold(head, Now, [HarmLimb.PossibleCriminalOffenceAgainstOrRelatedToAChild], "Possession of indecent images is an offence."))
            .Refuses(Evidence(EvidenceKind.Image), "R6")
            .Do(Evidence(EvidenceKind.WrittenRecord))
            .Do(new RecordInvestigationStep(head, Now, Id(2), "Teacher suspended on LADO advice.", Now))
            .Do(new RecordAllegationOutcome(head, Now, AllegationOutcome.Substantiated, "Police charged the teacher."))
            .Do(new ConsiderTraReferral(head, Now, true, "Serious misconduct: referred to the TRA."))
            .Do(new CloseCase(head, Now, "Substantiated; police and LADO involved.", "Criminal process continues outside school."));

        Assert.True(story.State.Case.Closed);
        Assert.Empty(Allegation.Deadlines(story.State));
    }

    [Fact]
    public void R6_an_allegation_with_indecent_images_cannot_close_until_police_and_lado_are_told() =>
        Spec.Allegation.Given(ImagesFound, AllegationTests.ToHead, AllegationTests.Met, AllegationTests.Referred,
                new AllegationOutcomeRecorded(AllegationOutcome.Unfounded, "No images on closer inspection."))
            .When(new CloseCase(As(Head), Now, "Concluded.", "All steps complete.")).ThenRefuses("R6");

    [Fact]
    public void R6_indecent_images_meet_the_harm_threshold_so_not_met_is_refused() =>
        Spec.Allegation.Given(ImagesFound, AllegationTests.ToHead)
            .When(new AssessHarmThreshold(As(Head), Now, [], "Nothing found on the pupil side.")).ThenRefuses("R6");

    private static readonly AllegationMaterialFound ImagesFoundLater =
        new(true, false, "Thumbnails found in the teacher's cloud folder; laptop isolated.", Now.AddHours(-2));

    [Fact]
    public void R6_images_found_after_the_report_are_recorded_and_bar_evidence_until_police_and_lado_know()
    {
        Spec.Allegation.Given(AllegationTests.AboutTeacher, AllegationTests.ToHead, AllegationTests.Met)
            .When(new RecordMaterialFound(As(Head), Now, true, false, ImagesFoundLater.Description, ImagesFoundLater.OccurredAt))
            .Then(ImagesFoundLater);
        Spec.Allegation.Given(AllegationTests.AboutTeacher, AllegationTests.ToHead, AllegationTests.Met, ImagesFoundLater)
            .When(Evidence(EvidenceKind.WrittenRecord)).ThenRefuses("R6");
    }

    [Fact]
    public void R6_images_found_later_are_due_to_police_and_lado_by_the_end_of_the_day_they_were_found()
    {
        var state = new object[] { AllegationTests.AboutTeacher, AllegationTests.ToHead, AllegationTests.Met, ImagesFoundLater }
            .Aggregate(Allegation.Initial, Allegation.Evolve);
        var endOfThatDay = WorkingDayCalendar.EndOfDay(ImagesFoundLater.OccurredAt);

        var deadlines = Allegation.Deadlines(state);

        Assert.Contains(new Deadline(DeadlineNames.PoliceReferral, endOfThatDay, false), deadlines);
        Assert.Contains(new Deadline(DeadlineNames.LadoReferral, endOfThatDay, false), deadlines);
    }

    [Fact]
    public void R7_unsuitable_material_found_later_needs_advice_before_any_investigation_step() =>
        Spec.Allegation.Given(AllegationTests.AboutTeacher, AllegationTests.ToHead, AllegationTests.Met,
                new AllegationMaterialFound(false, true, "Adult pornography on the classroom PC.", Earlier))
            .When(new RecordInvestigationStep(As(Head), Now, Id(310), "Interviewed the teacher.", Now)).ThenRefuses("R7");

    [Fact]
    public void R14_material_already_on_record_records_nothing_new() =>
        Spec.Allegation.Given(ImagesFound, AllegationTests.ToHead)
            .When(new RecordMaterialFound(As(Head), Now, true, false, "The same images.", Earlier)).ThenNothing();
}
