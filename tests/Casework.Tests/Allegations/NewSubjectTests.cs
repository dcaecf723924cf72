using Casework.Allegations;
using Casework.Cases;
using Casework.Directory;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Allegations;

/// <summary>
/// KCSIE Part 4 covers supply staff, contractors and volunteers, who may not be in the directory yet: the report
/// names them and adds them to it, and the routing and visibility of R4 hold for them as for anyone.
/// </summary>
public class NewSubjectTests
{
    private static readonly Guid Newcomer = Id(60);

    private static readonly NewStaffMember Supply = new("Sam Supply", "Supply teacher (Acme Education)");

    private static ReportAllegation Report(NewStaffMember subject) =>
        new(As(Teacher), Now, Newcomer, "The supply teacher pushed a pupil against the wall.", Earlier, false, false, NewSubject: subject);

    [Fact]
    public void R4_an_allegation_about_someone_not_in_the_directory_adds_them_as_staff_and_goes_to_the_headteacher() =>
        Spec.Allegation.When(Report(Supply)).Then(
            new StaffMemberAdded(Newcomer, "Sam Supply", [Role.Staff], "Supply teacher (Acme Education)"),
            new AllegationReported(Teacher, Now, Newcomer, "The supply teacher pushed a pupil against the wall.", Earlier, false, false, Now),
            new AllegationCaseManagerAssigned(Head, Role.Headteacher));

    [Fact]
    public void R4_the_new_subject_can_never_read_or_act_on_the_case()
    {
        var reported = Spec.Allegation.Do(Report(Supply));
        var subject = new Actor(Newcomer, new HashSet<Role> { Role.Staff, Role.Dsl });

        Assert.Equal(CaseVisibility.None, Allegation.Visibility(reported.State, subject));
        reported.When(new AddNote(subject, Now, Id(100), "My side.")).ThenForbids("R4");
    }

    [Fact]
    public void R1_someone_new_needs_a_name_and_what_they_do()
    {
        Spec.Allegation.When(Report(Supply with { Name = " " })).ThenRefuses("R1");
        Spec.Allegation.When(Report(Supply with { JobTitle = "" })).ThenRefuses("R1");
    }

    [Fact]
    public void R1_a_subject_named_by_id_must_be_in_the_directory_and_the_refusal_says_someone_new_may_be_named_instead()
    {
        Spec.Allegation.When(new ReportAllegation(As(Teacher), Now, Newcomer, "Something happened.", Earlier, false, false)).ThenRefuses("R1");
        var refused = Assert.Throws<RuleViolation>(() => Spec.Allegation.When(new ReportAllegation(As(Teacher), Now, Newcomer, "Something happened.", Earlier, false, false)).Events);
        Assert.Equal("subjectId", refused.Field);
        Assert.Contains("if they are not in it, give their name and job title", refused.Message);
    }

    [Fact]
    public void The_directory_holds_the_new_subject_with_their_job_title_through_later_changes()
    {
        var added = Person(Newcomer, new StaffMemberAdded(Newcomer, "Sam Supply", [Role.Staff], "Supply teacher"));
        var renamed = Casework.Directory.Person.Fold(added, Newcomer, 2, new StaffMemberUpdated(Newcomer, "Samuel Supply", [Role.Staff]))!;

        Assert.Equal(new SchoolDirectory.StaffMember(Newcomer, "Samuel Supply", [Role.Staff], false, "Supply teacher"), renamed.Staff);
        Assert.False(added.ManagesCases);
        Assert.Empty(SchoolDirectory.Decide(new RecordStaffMember(As(Admin), Newcomer, "Sam Supply", [Role.Staff]), added, PupilIds));
    }
}
