using Marten.Schema;
using Casework.Cases;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Casework.Directory;

/// <summary>
/// One person in the school's directory, one stream each, projected inline into this document: a member
/// of staff, a pupil or a parent (exactly one of the three). Cases refer to people by id and a command
/// loads only the people it names, so a request costs the same in a school of 50 as in one of 2,500.
/// </summary>
public sealed record Person(Guid Id, long Version, SchoolDirectory.StaffMember? Staff, SchoolDirectory.Pupil? Pupil, SchoolDirectory.Parent? Parent)
{
    /// <summary>
    /// Who manages cases: a member of staff still here who is a DSL (or deputy), the headteacher or the chair of governors,
    /// the people who route allegations (R4) and whom alerts address by role (issue 17). A column with an index of its own
    /// per school, so finding them reads those few, not the directory.
    /// </summary>
    public bool ManagesCases =>
        Staff is { HasLeft: false } staff && staff.Roles.Any(r => r is Role.Dsl or Role.Headteacher or Role.ChairOfGovernors);

    /// <summary>Its table's columns and indexes (<see cref="Operations.StoreSetup.PersonTable"/>).</summary>
    public static void ConfigureMarten(DocumentMapping<Person> mapping) => Operations.StoreSetup.PersonTable(mapping);

    /// <summary>The person's name, as registers and timelines show it.</summary>
    public string Name => Staff?.Name ?? Pupil?.Name ?? Parent!.Name;

    /// <summary>What kind of person this is, for a refusal that names it.</summary>
    public string Kind => Staff is not null ? "member of staff" : Pupil is not null ? "pupil" : "parent";

    public static Person? Fold(Person? person, Guid id, long version, object @event) => (@event switch
    {
        StaffMemberAdded e => new(id, version, new(e.StaffId, e.Name, e.Roles, false, e.JobTitle, e.SignIn, e.Email, e.DateOfBirth), null, null),
        StaffMemberUpdated e => new(id, version, new(e.StaffId, e.Name, e.Roles, false, e.JobTitle ?? person?.Staff?.JobTitle, e.SignIn ?? person?.Staff?.SignIn,
            e.Email ?? person?.Staff?.Email, e.DateOfBirth ?? person?.Staff?.DateOfBirth), null, null),
        StaffMemberRemoved e when person?.Staff is { } staff => person with { Staff = staff with { HasLeft = true, LeftOn = e.LeftOn } },
        PupilAdded e => new(id, version, null, new(e.PupilId, e.Name, e.DateOfBirth, e.YearGroup, false), null),
        PupilUpdated e => new(id, version, null, new(e.PupilId, e.Name, e.DateOfBirth, e.YearGroup, false), null),
        PupilRemoved when person?.Pupil is { } pupil => person with { Pupil = pupil with { HasLeft = true } },
        ParentAdded e => new(id, version, null, null, new(e.ParentId, e.Name, e.PupilIds, false)),
        ParentUpdated e => new(id, version, null, null, new(e.ParentId, e.Name, e.PupilIds, false)),
        ParentRemoved when person?.Parent is { } parent => person with { Parent = parent with { HasLeft = true } },
        _ => person,
    }) is { } changed ? changed with { Version = version } : null;
}

/// <summary>The directory document of each person, written in the transaction of the change (inline).</summary>
public sealed partial class PersonProjection : SingleStreamProjection<Person, Guid>
{
    // It declares the directory's events, so Marten applies it to people's streams only: without a declaration an
    // Evolve override takes every stream, and each case command would load a person document by the case's id.
    public PersonProjection()
    {
        foreach (var (_, type) in EventCatalog.Directory)
        {
            IncludeType(type);
        }
    }

    public override Person? Evolve(Person? snapshot, Guid id, IEvent e) => Person.Fold(snapshot, id, e.Version, e.Data);
}
