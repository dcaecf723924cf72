using Casework.Calendar;
using Casework.Cases;
using Casework.Directory;

namespace Casework.Tests;

/// <summary>A small school, built through the directory's own events, and the people tests act as.</summary>
public static class TestSchool
{
    /// <summary>Tuesday 10 March 2026, 10:00 in London (GMT).</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Earlier = Now.AddHours(-2);

    public static readonly Guid Head = Id(1), Chair = Id(2), Dsl = Id(3), Teacher = Id(4), OtherTeacher = Id(5),
        Lado = Id(6), Auditor = Id(7), Admin = Id(8), LeftStaff = Id(9);

    /// <summary>Year 6 (aged 11), Year 8 (aged 13), Year 3 (aged 8).</summary>
    public static readonly Guid Year6Pupil = Id(20), Year8Pupil = Id(21), Year3Pupil = Id(22);

    public static readonly Guid Parent = Id(30);

    public static SchoolDirectory.State Directory { get; } = new object[]
    {
        new StaffMemberAdded(Head, "Helen Head", [Role.Staff, Role.Headteacher]),
        new StaffMemberAdded(Chair, "Colin Chair", [Role.ChairOfGovernors]),
        new StaffMemberAdded(Dsl, "Dana Lead", [Role.Staff, Role.Dsl]),
        new StaffMemberAdded(Teacher, "Tom Teacher", [Role.Staff]),
        new StaffMemberAdded(OtherTeacher, "Olive Teacher", [Role.Staff]),
        new StaffMemberAdded(LeftStaff, "Larry Left", [Role.Staff]),
        new StaffMemberRemoved(LeftStaff),
        new PupilAdded(Year6Pupil, "Sam Six", new DateOnly(2014, 11, 2), 6),
        new PupilAdded(Year8Pupil, "Eve Eight", new DateOnly(2012, 9, 10), 8),
        new PupilAdded(Year3Pupil, "Theo Three", new DateOnly(2017, 6, 1), 3),
        new ParentAdded(Parent, "Pat Parent", [Year3Pupil]),
    }.Aggregate(SchoolDirectory.Initial, SchoolDirectory.Evolve);

    public static CaseContext Context { get; } =
        CaseContext.From(Directory, DeadlineSettings.Default, WorkingDayCalendar.EnglandAndWales, StaffCyberbullyingPolice.VictimDecides);

    public static Actor As(Guid id) => id switch
    {
        _ when id == Lado => new(id, new HashSet<Role> { Role.LadoLiaison }),
        _ when id == Auditor => new(id, new HashSet<Role> { Role.Auditor }),
        _ when id == Admin => new(id, new HashSet<Role> { Role.Admin }),
        _ => new(id, Context.Staff[id].Roles),
    };

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");
}
