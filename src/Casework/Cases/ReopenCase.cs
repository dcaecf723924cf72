using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.Cases;

/// <summary>R14: the only thing a closed case accepts, from its manager, with a reason.</summary>
public sealed record ReopenCase(Actor Actor, DateTimeOffset Now, string Reason) : ICaseCommand
{
    public string Action => CaseActions.Reopen;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.Reopen, OperationId = CaseActions.Reopen)]
    [EndpointSummary("Reopen a closed case, giving the reason (the case's manager, R14).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>Why the closed case is opened again (R14).</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Reason) : ICaseRequest
    {
        public static Request Example { get; } = new("The same parent posted again about the same member of staff on 20 November.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ReopenCase(actor, now, Reason);
    }

    internal static Refusal? Check(CaseFile file) =>
        !file.Reported ? CaseGuards.Open(file) : file.Closed ? null : Refusal.AlreadyDone;

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(Reason, "R14", "A closed case is reopened only with a reason.");
        return [new CaseReopened(Reason)];
    }
}
