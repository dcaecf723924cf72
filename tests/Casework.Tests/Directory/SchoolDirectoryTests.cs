using Casework.Cases;
using Casework.Directory;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Directory;

public class SchoolDirectoryTests
{
    private static IReadOnlyList<object> Decide(IDirectoryCommand command) => SchoolDirectory.Decide(command, Find(command.PersonId), PupilIds);

    [Fact]
    public void The_administrator_adds_a_member_of_staff_with_roles() =>
        Assert.Equal([new StaffMemberAdded(Id(50), "Nia New", [Role.Staff, Role.Dsl])],
            Decide(new RecordStaffMember(As(Admin), Id(50), "Nia New", [Role.Dsl, Role.Staff, Role.Dsl])));

    [Fact]
    public void A_member_of_staffs_date_of_birth_is_recorded_and_kept_when_a_later_change_leaves_it_out()
    {
        var id = Id(50);
        var born = new DateOnly(1980, 6, 1);
        var added = Assert.Single(Decide(new RecordStaffMember(As(Admin), id, "Nia New", [Role.Staff], DateOfBirth: born, Now: Now)));
        Assert.Equal(new StaffMemberAdded(id, "Nia New", [Role.Staff], DateOfBirth: born), added);
        var renamed = Person(id, added, new StaffMemberUpdated(id, "Nia Newer", [Role.Staff]));
        Assert.Equal(born, renamed.Staff!.DateOfBirth);
        Assert.Equal(born, CaseContext.Of([renamed]).Staff[id].DateOfBirth);
    }

    [Theory]
    [InlineData("2026-03-11")] // tomorrow
    [InlineData("2011-01-01")] // 15
    [InlineData("1926-03-10")] // 100
    public void D2_a_member_of_staffs_date_of_birth_is_in_the_past_and_of_working_age(string born) =>
        Assert.Equal("D2", Assert.Throws<RuleViolation>(() =>
            Decide(new RecordStaffMember(As(Admin), Id(50), "Nia New", [Role.Staff], DateOfBirth: DateOnly.Parse(born), Now: Now))).Rule);

    [Fact]
    public void Only_the_administrator_changes_the_directory() =>
        Assert.Equal("D1", Assert.Throws<NotPermitted>(() => Decide(new RecordStaffMember(As(Dsl), Id(50), "Nia New", [Role.Staff]))).Rule);

    [Fact]
    public void A_member_of_staff_needs_a_role() =>
        Assert.Equal("D2", Assert.Throws<RuleViolation>(() => Decide(new RecordStaffMember(As(Admin), Id(50), "Nia New", []))).Rule);

    [Fact]
    public void Recording_unchanged_details_records_nothing() =>
        Assert.Empty(Decide(new RecordStaffMember(As(Admin), Teacher, "Tom Teacher", [Role.Staff])));

    [Fact]
    public void Changing_roles_records_an_update() =>
        Assert.Equal([new StaffMemberUpdated(Teacher, "Tom Teacher", [Role.Staff, Role.Dsl])],
            Decide(new RecordStaffMember(As(Admin), Teacher, "Tom Teacher", [Role.Staff, Role.Dsl])));

    [Fact]
    public void A_pupil_born_in_the_future_is_refused() =>
        Assert.Equal("D2", Assert.Throws<RuleViolation>(() => Decide(new RecordPupil(As(Admin), Id(51), "Ava", new DateOnly(2027, 1, 1), 1, Now))).Rule);

    [Fact]
    public void A_parent_must_be_linked_to_known_pupils() =>
        Assert.Equal("D3", Assert.Throws<RuleViolation>(() => Decide(new RecordParent(As(Admin), Id(52), "Pam", [Id(999)]))).Rule);

    [Fact]
    public void A_leaver_is_kept_as_having_left_and_is_no_longer_routed_to()
    {
        var head = Casework.Directory.Person.Fold(Find(Head), Head, 2, Assert.Single(Decide(new RemoveStaffMember(As(Admin), Head, Now))))!;
        Assert.Equal(DateOnly.FromDateTime(Now.UtcDateTime), head.Staff!.LeftOn);
        Assert.True(head.Staff!.HasLeft);
        Assert.False(head.ManagesCases);
        var context = CaseContext.Of([.. People.Where(p => p.Id != Head), head]);
        Assert.Null(context.HolderOf(Role.Headteacher));
        Assert.True(context.HasLeft(Head));
    }

    [Fact]
    public void Pupil_ages_are_worked_out_from_the_date_of_birth()
    {
        Assert.Equal(11, Context.Pupils[Year6Pupil].AgeOn(new DateOnly(2026, 3, 10)));
        Assert.Equal(13, Context.Pupils[Year8Pupil].AgeOn(new DateOnly(2026, 3, 10)));
        Assert.Equal(12, Context.Pupils[Year8Pupil].AgeOn(new DateOnly(2025, 9, 9)));
    }

    [Fact]
    public void D4_an_id_that_names_a_pupil_cannot_be_recorded_as_a_member_of_staff() =>
        Assert.Equal("D4", Assert.Throws<RuleViolation>(() => Decide(new RecordStaffMember(As(Admin), Year6Pupil, "Sam Six", [Role.Staff]))).Rule);

    [Fact]
    public void A_parent_who_is_removed_is_kept_as_having_left_and_can_no_longer_be_named_in_a_report()
    {
        var parent = Casework.Directory.Person.Fold(Find(Parent), Parent, 2, Assert.Single(Decide(new RemoveParent(As(Admin), Parent))))!;
        Assert.True(parent.Parent!.HasLeft);
        Assert.DoesNotContain(Parent, CaseContext.Of([parent]).Parents);
        Assert.Empty(SchoolDirectory.Decide(new RemoveParent(As(Admin), Parent), parent, PupilIds));
    }

    [Fact]
    public void ADR_49_who_manages_cases_is_a_dsl_a_headteacher_or_a_chair_still_at_the_school()
    {
        Assert.True(Person(Id(61), new StaffMemberAdded(Id(61), "Dee", [Role.Staff, Role.Dsl])).ManagesCases);
        Assert.True(Person(Id(62), new StaffMemberAdded(Id(62), "Cy", [Role.ChairOfGovernors])).ManagesCases);
        Assert.False(Person(Id(63), new StaffMemberAdded(Id(63), "Tam", [Role.Staff, Role.Auditor])).ManagesCases);
        Assert.False(Person(Id(64), new StaffMemberAdded(Id(64), "Dot", [Role.Dsl]), new StaffMemberRemoved(Id(64))).ManagesCases);
    }

    [Fact]
    public void The_directory_projection_handles_every_directory_event()
    {
        var id = Id(60);
        var staff = Person(id, new StaffMemberAdded(id, "Sue", [Role.Staff]), new StaffMemberUpdated(id, "Sue Head", [Role.Headteacher]));
        Assert.Equal(new SchoolDirectory.StaffMember(id, "Sue Head", [Role.Headteacher], false), staff.Staff);
        Assert.Equal(2, staff.Version);
        Assert.True(staff.ManagesCases);
        Assert.True(Person(id, new StaffMemberAdded(id, "Sue", [Role.Staff]), new StaffMemberRemoved(id)).Staff!.HasLeft);

        var pupil = Person(id, new PupilAdded(id, "Pip", new DateOnly(2015, 1, 1), 5), new PupilUpdated(id, "Pip", new DateOnly(2015, 1, 1), 6));
        Assert.Equal(6, pupil.Pupil!.YearGroup);
        Assert.True(Person(id, new PupilAdded(id, "Pip", new DateOnly(2015, 1, 1), 5), new PupilRemoved(id)).Pupil!.HasLeft);

        var parent = Person(id, new ParentAdded(id, "Pam", [Year3Pupil]), new ParentUpdated(id, "Pam", [Year3Pupil, Year6Pupil]));
        Assert.Equal([Year3Pupil, Year6Pupil], parent.Parent!.PupilIds);
        Assert.True(Person(id, new ParentAdded(id, "Pam", [Year3Pupil]), new ParentRemoved(id)).Parent!.HasLeft);
        Assert.Null(Casework.Directory.Person.Fold(null, id, 1, new ParentRemoved(id)));
    }

    [Fact]
    public void A_pupil_older_than_the_oldest_a_pupil_can_be_is_refused_D2() =>
        Assert.Equal("D2", Assert.Throws<RuleViolation>(() => Decide(new RecordPupil(As(Admin), Id(51), "Ava", new DateOnly(1990, 1, 1), 13, Now))).Rule);

    [Fact]
    public void A_year_group_beyond_13_is_refused_D2() =>
        Assert.Equal("D2", Assert.Throws<RuleViolation>(() => Decide(new RecordPupil(As(Admin), Id(51), "Ava", new DateOnly(2014, 1, 1), 14, Now))).Rule);

    [Fact]
    public void Removing_someone_the_directory_does_not_hold_as_that_kind_is_404()
    {
        Assert.Equal(404, Assert.Throws<Casework.Http.CallerRefused>(() => Decide(new RemoveStaffMember(As(Admin), Year6Pupil, Now))).Status);
        Assert.Equal(404, Assert.Throws<Casework.Http.CallerRefused>(() => Decide(new RemovePupil(As(Admin), Id(999)))).Status);
    }

    [Fact]
    public void The_administrator_may_give_a_job_title_and_a_change_without_one_keeps_it()
    {
        var added = Decide(new RecordStaffMember(As(Admin), Id(50), "Sol Supply", [Role.Staff], "Supply teacher"));
        Assert.Equal([new StaffMemberAdded(Id(50), "Sol Supply", [Role.Staff], "Supply teacher")], added);
        var sol = Person(Id(50), [.. added]);
        Assert.Empty(SchoolDirectory.Decide(new RecordStaffMember(As(Admin), Id(50), "Sol Supply", [Role.Staff]), sol, PupilIds));
        var renamed = Person(Id(50), [.. added, new StaffMemberUpdated(Id(50), "Sol Cover", [Role.Staff])]);
        Assert.Equal("Supply teacher", renamed.Staff!.JobTitle);
    }
}
