using Casework.Http;

namespace Casework.Cases;

public sealed record AddNote(Actor Actor, DateTimeOffset Now, Guid NoteId, string Text) : ICaseCommand
{
    public CaseAction Action => CaseAction.AddNote;

    /// <summary>The text of the note.</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Text) : ICaseRequest
    {
        public static Request Example { get; } = new("Mum rang: the pupil slept badly but wants to come in tomorrow. Form tutor told to keep an eye.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AddNote(actor, now, Guid.CreateVersion7(now), Text);
    }

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.Text(Text, "R3", "A note needs some text.");
        return file.UsedIds.Contains(NoteId) ? [] : [new NoteAdded(NoteId, Text)];
    }
}
