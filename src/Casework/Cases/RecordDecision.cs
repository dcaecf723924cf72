using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.Cases;

/// <summary>A decision with its rationale (R3): no further action, not referring to the police, handle in school…</summary>
public sealed record RecordDecision(Actor Actor, DateTimeOffset Now, CaseDecision Decision, string Details, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.RecordDecision;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.RecordDecision, OperationId = CaseActions.RecordDecision)]
    [EndpointSummary("Record a decision with its rationale; 'handle in school' is refused when a UKCIS criterion holds, 'no further action' when the harm threshold is met (the case's manager, R3, R5, R9, R11).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>The decision, why it was taken (R3), and any details.</summary>
    public sealed record Request(
        CaseDecision Decision,
        [TextLimit(TextLimits.Words)] string Rationale,
        [TextLimit(TextLimits.Words)] string? Details = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            CaseDecision.HandleInSchool,
            "Both pupils are 15, the image was shared consensually between them and deleted; no UKCIS criterion holds, so involving the police would criminalise them unnecessarily.",
            "Both families told; education session with the pastoral lead booked.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordDecision(actor, now, Decision, Details ?? "", Rationale);
    }

    // refusedByKind: Why this kind of case refuses this decision now (R5, R9), or null.
    internal IReadOnlyList<object> Decide(CaseFile file, Refusal? refusedByKind)
    {
        Refusal.Enforce(refusedByKind);
        Require.Rationale(Rationale, "A decision");
        return Decision != CaseDecision.Other && file.Decisions.Contains(Decision) ? []
            : [new DecisionRecorded(Decision, Details ?? "", Rationale)];
    }
}
