namespace Casework.Cases;

public sealed record AddNote(Actor Actor, DateTimeOffset Now, Guid NoteId, string Text) : ICaseCommand
{
    public string Action => CaseActions.AddNote;

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.Text(Text, "R3", "A note needs some text.");
        return file.UsedIds.Contains(NoteId) ? [] : [new NoteAdded(NoteId, Text)];
    }
}
