using Casework.Cases;

namespace Casework.Directory;

/// <summary>Add a parent or carer with the pupils they are linked to, or change them.</summary>
public sealed record RecordParent(Actor Actor, Guid ParentId, string Name, ValueList<Guid> PupilIds) : IDirectoryCommand
{
    internal IReadOnlyList<object> Decide(SchoolDirectory.State state)
    {
        Require.Text(Name, "D2", "A parent needs a name.");
        Require.That(PupilIds.Count > 0, "D2", "A parent must be linked to at least one pupil.");
        Require.That(PupilIds.All(state.Pupils.ContainsKey), "D3", "A parent can only be linked to pupils already in the directory.");
        var pupils = ValueList.From(PupilIds.Distinct().Order());
        var known = state.Parents.GetValueOrDefault(ParentId);
        return SchoolDirectory.Put(known is not null, known == new SchoolDirectory.Parent(ParentId, Name, pupils),
            () => new ParentAdded(ParentId, Name, pupils), () => new ParentUpdated(ParentId, Name, pupils));
    }
}

public sealed record RemoveParent(Actor Actor, Guid ParentId) : IDirectoryCommand
{
    internal IReadOnlyList<object> Decide(SchoolDirectory.State state) =>
        state.Parents.ContainsKey(ParentId) ? [new ParentRemoved(ParentId)] : [];
}
