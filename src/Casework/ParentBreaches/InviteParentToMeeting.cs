using Casework.Cases;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.ParentBreaches;

/// <summary>R10: the parent is invited to meet the school before any sanction (Clarendon §6, St Thomas 8.6).</summary>
public sealed record InviteParentToMeeting(Actor Actor, DateTimeOffset Now, DateTimeOffset ProposedFor, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.InviteToMeeting;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.InviteToMeeting, OperationId = CaseActions.InviteToMeeting)]
    [EndpointSummary("Invite the parent to a meeting, which must come before any sanction (DSL or headteacher, R10).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>When the parent is invited to meet, and when the invitation was sent.</summary>
    public sealed record Request(DateTimeOffset ProposedFor, DateTimeOffset OccurredAt) : ICaseRequest
    {
        public static Request Example { get; } = new(DateTimeOffset.Parse("2026-11-24T15:30:00+00:00"), DateTimeOffset.Parse("2026-11-19T09:00:00+00:00"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new InviteParentToMeeting(actor, now, ProposedFor, OccurredAt);
    }

    internal IReadOnlyList<object> Decide()
    {
        Require.NotInFuture(OccurredAt, Now, "of the invitation");
        return [new ParentInvitedToMeeting(ProposedFor, OccurredAt)];
    }
}
