using Casework.Cases;

namespace Casework.Directory;

/// <summary>Add a parent or carer with the pupils they are linked to, or change them.</summary>
public sealed record RecordParent(Actor Actor, Guid ParentId, string Name, ValueList<Guid> PupilIds) : IDirectoryCommand
{
    public Guid PersonId => ParentId;

    /// <summary>Decides on the parent as recorded, given which of the linked pupils the directory holds.</summary>
    internal IReadOnlyList<object> Decide(SchoolDirectory.Parent? known, IReadOnlySet<Guid> knownPupils)
    {
        Require.Text(Name, "D2", "A parent needs a name.");
        Require.That(PupilIds.Count > 0, "D2", "A parent must be linked to at least one pupil.");
        Require.That(PupilIds.All(knownPupils.Contains), "D3", "A parent can only be linked to pupils already in the directory.");
        var pupils = ValueList.From(PupilIds.Distinct().Order());
        return SchoolDirectory.Put(known is not null, known == new SchoolDirectory.Parent(ParentId, Name, pupils, false),
            () => new ParentAdded(ParentId, Name, pupils), () => new ParentUpdated(ParentId, Name, pupils));
    }
}

public sealed record RemoveParent(Actor Actor, Guid ParentId) : IDirectoryCommand
{
    public Guid PersonId => ParentId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.Parent? known) =>
        known is { HasLeft: false } ? [new ParentRemoved(ParentId)] : [];
}
