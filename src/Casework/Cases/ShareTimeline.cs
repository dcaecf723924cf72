using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.Cases;

/// <summary>
/// Record that the timeline was shared (an export). This records a read, so it is allowed on a closed
/// case and to anyone with full sight of it, auditors included; it changes nothing about the case.
/// </summary>
/// <remarks>An export made by Casework (<see cref="ExportTimeline"/>) records its format and digest too.</remarks>
public sealed record ShareTimeline(Actor Actor, DateTimeOffset Now, string SharedWith, string Why, string? Format = null, string? Digest = null) : ICaseCommand
{
    public string Action => CaseActions.ShareTimeline;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.ShareTimeline, OperationId = CaseActions.ShareTimeline)]
    [EndpointSummary("Record that the timeline was shared, with whom and why; allowed on a closed case (anyone who sees the whole case, auditors included; R3).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>To whom the timeline was given, and why.</summary>
    public sealed record Request([TextLimit(TextLimits.Name)] string SharedWith, [TextLimit(TextLimits.Words)] string Why) : ICaseRequest
    {
        public static Request Example { get; } = new("LADO, Anyshire County Council", "Requested for the allegations management meeting on 24 November.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ShareTimeline(actor, now, SharedWith, Why);
    }

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(SharedWith, "R3", "Say to whom the timeline is given.");
        Require.Rationale(Why, "Sharing a timeline");
        return [new TimelineShared(SharedWith, Why, Format, Digest)];
    }
}
