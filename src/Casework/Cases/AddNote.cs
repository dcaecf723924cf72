using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.Cases;

public sealed record AddNote(Actor Actor, DateTimeOffset Now, Guid NoteId, string Text) : ICaseCommand
{
    public string Action => CaseActions.AddNote;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.AddNote, OperationId = CaseActions.AddNote)]
    [EndpointSummary("Add a note to the case's record (the case's manager, or the LADO liaison on a referred allegation; R14).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>The text of the note.</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Text) : ICaseRequest
    {
        public static Request Example { get; } = new("Mum rang: the pupil slept badly but wants to come in tomorrow. Form tutor told to keep an eye.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AddNote(actor, now, Guid.CreateVersion7(now), Text);
    }

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.Text(Text, "R3", "A note needs some text.");
        return file.UsedIds.Contains(NoteId) ? [] : [new NoteAdded(NoteId, Text)];
    }
}
