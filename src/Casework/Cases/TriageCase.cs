using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.Cases;

/// <summary>The DSL triages a concern or disclosure (R2), with a rationale (R3). Re-triage records a change.</summary>
public sealed record TriageCase(Actor Actor, DateTimeOffset Now, RiskLevel Risk, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.Triage;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.Triage, OperationId = CaseActions.Triage)]
    [EndpointSummary("Triage a concern or disclosure: the risk level and why (DSL only, R2, R3).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>The DSL's risk assessment and why.</summary>
    public sealed record Request(RiskLevel Risk, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(RiskLevel.Medium, "Repeated contact from an adult stranger; parents informed and pupil supported.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new TriageCase(actor, now, Risk, Rationale);
    }

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.Rationale(Rationale, "Triage");
        var triaged = new CaseTriaged(Risk, Rationale);
        return triaged == file.Triage ? [] : [triaged];
    }
}
