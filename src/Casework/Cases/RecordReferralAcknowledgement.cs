using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.Cases;

/// <summary>An agency acknowledged a referral (closes the R15 follow-up for children's social care).</summary>
public sealed record RecordReferralAcknowledgement(Actor Actor, DateTimeOffset Now, Agency By, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.RecordReferralAcknowledgement;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.RecordReferralAcknowledgement, OperationId = CaseActions.RecordReferralAcknowledgement)]
    [EndpointSummary("Record that the police, children's social care or the LADO acknowledged a referral of this case (the case's manager, or the LADO liaison; R15).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>Which agency acknowledged the referral and when, with their reference if they gave one.</summary>
    public sealed record Request(Agency By, DateTimeOffset OccurredAt, [TextLimit(TextLimits.Name)] string? Reference = null) : ICaseRequest
    {
        public static Request Example { get; } = new(Agency.ChildrensSocialCare, DateTimeOffset.Parse("2026-11-20T09:05:00+00:00"), "MASH-2026-11873");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordReferralAcknowledgement(actor, now, By, Reference, OccurredAt);
    }

    internal static Refusal? Check(CaseFile file) =>
        file.Referrals.Values.Any(r => !r.Acknowledged) ? null
        : Refusal.Broken("R15", "No referral of this case is waiting for an acknowledgement.");

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.That(file.ReferredTo(By), "R15", "This case has not been referred to that agency.");
        Require.NotInFuture(OccurredAt, Now, "of the acknowledgement");
        return file.Referrals[By].Acknowledged ? [] : [new ReferralAcknowledged(By, Reference, OccurredAt)];
    }
}
