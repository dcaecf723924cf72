using Casework.Cases;
using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.Allegations;

/// <summary>R8: a substantiated allegation about someone who has left is referred to the DBS before closing.</summary>
public sealed record RecordDbsReferral(Actor Actor, DateTimeOffset Now, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.RecordDbsReferral;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.RecordDbsReferral, OperationId = CaseActions.RecordDbsReferral)]
    [EndpointSummary("Record the referral to the DBS of a substantiated allegation, required before closing when the person has left (case manager, R8).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>When the referral to the DBS was made, with its reference if there is one.</summary>
    public sealed record Request(DateTimeOffset OccurredAt, [TextLimit(TextLimits.Name)] string? Reference = null) : ICaseRequest
    {
        public static Request Example { get; } = new(DateTimeOffset.Parse("2026-11-20T16:00:00+00:00"), "DBS-REF-2026-004417");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordDbsReferral(actor, now, Reference, OccurredAt);
    }

    internal static Refusal? Check(Allegation.State state) =>
        state.Outcome != AllegationOutcome.Substantiated ? Refusal.Broken("R8", "A referral to the DBS follows a substantiated allegation.")
        : state.DbsReferred ? Refusal.AlreadyDone
        : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.NotInFuture(OccurredAt, Now, "of the referral");
        return [new DbsReferralRecorded(Reference, OccurredAt)];
    }
}
