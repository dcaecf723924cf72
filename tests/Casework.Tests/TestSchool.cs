using Casework.Cases;
using Casework.Directory;
using Casework.SchoolPolicies;

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

    /// <summary>Each person folded from their own stream, as the directory's inline projection writes them.</summary>
    public static IReadOnlyList<Person> People { get; } =
    [
        Person(Head, new StaffMemberAdded(Head, "Helen Head", [Role.Staff, Role.Headteacher])),
        Person(Chair, new StaffMemberAdded(Chair, "Colin Chair", [Role.ChairOfGovernors])),
        Person(Dsl, new StaffMemberAdded(Dsl, "Dana Lead", [Role.Staff, Role.Dsl])),
        Person(Teacher, new StaffMemberAdded(Teacher, "Tom Teacher", [Role.Staff])),
        Person(OtherTeacher, new StaffMemberAdded(OtherTeacher, "Olive Teacher", [Role.Staff])),
        Person(LeftStaff, new StaffMemberAdded(LeftStaff, "Larry Left", [Role.Staff]), new StaffMemberRemoved(LeftStaff)),
        Person(Year6Pupil, new PupilAdded(Year6Pupil, "Sam Six", new DateOnly(2014, 11, 2), 6)),
        Person(Year8Pupil, new PupilAdded(Year8Pupil, "Eve Eight", new DateOnly(2012, 9, 10), 8)),
        Person(Year3Pupil, new PupilAdded(Year3Pupil, "Theo Three", new DateOnly(2017, 6, 1), 3)),
        Person(Parent, new ParentAdded(Parent, "Pat Parent", [Year3Pupil])),
    ];

    public static CaseContext Context { get; } = CaseContext.Of(People);

    public static Person? Find(Guid id) => People.FirstOrDefault(p => p.Id == id);

    public static IReadOnlySet<Guid> PupilIds { get; } = People.Where(p => p.Pupil is not null).Select(p => p.Id).ToHashSet();

    public static Person Person(Guid id, params object[] events) =>
        events.Select((e, i) => (e, i)).Aggregate((Person?)null, (person, x) => Casework.Directory.Person.Fold(person, id, x.i + 1, x.e))!;

    public static Actor As(Guid id) => id switch
    {
        _ when id == Lado => new(id, new HashSet<Role> { Role.LadoLiaison }),
        _ when id == Auditor => new(id, new HashSet<Role> { Role.Auditor }),
        _ when id == Admin => new(id, new HashSet<Role> { Role.Admin }),
        _ => new(id, Context.Staff[id].Roles),
    };

    /// <summary>The school's settings a case is under from long before any test's events (ADR 32).</summary>
    public static SchoolPolicyApplied Under(SchoolSettings settings, int version = 1) =>
        new(version, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), settings);

    /// <summary>A policy pack's settings, as a school that approved it is under them.</summary>
    public static SchoolPolicyApplied UnderPack(string pack) => Under(PolicyPacks.Find(pack)!.Settings);

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");
}
