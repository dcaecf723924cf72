using Casework.Http;

namespace Casework.Cases;

public sealed record AddNote(Actor Actor, DateTimeOffset Now, Guid NoteId, string Text, DateTimeOffset? OccurredAt = null) : ICaseCommand
{
    public CaseAction Action => CaseAction.AddNote;

    /// <summary>The text of the note, and when what it records happened where that was not just now (a call this morning).</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Text, DateTimeOffset? OccurredAt = null) : ICaseRequest
    {
        public static Request Example { get; } = new("Mum rang: the pupil slept badly but wants to come in tomorrow. Form tutor told to keep an eye.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AddNote(actor, now, Guid.CreateVersion7(now), Text, OccurredAt);
    }

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.Text(Text, "R3", "A note needs some text.");
        if (OccurredAt is { } at)
        {
            Require.NotInFuture(at, Now, "of what the note records", nameof(OccurredAt));
        }
        return file.UsedIds.Contains(NoteId) ? [] : [new NoteAdded(NoteId, Text, OccurredAt)];
    }
}
