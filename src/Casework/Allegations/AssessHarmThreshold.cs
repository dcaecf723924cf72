using Casework.Cases;
using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Casework.Allegations;

/// <summary>R5: the case manager assesses the allegation against the four limbs of the harm threshold, first of all.</summary>
public sealed record AssessHarmThreshold(Actor Actor, DateTimeOffset Now, ValueList<HarmLimb> LimbsMet, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.AssessHarmThreshold;

    [WolverinePost("/api/cases/{id:guid}/" + CaseActions.AssessHarmThreshold, OperationId = CaseActions.AssessHarmThreshold)]
    [EndpointSummary("Assess an allegation against the four limbs of the harm threshold, before anything but LADO contact (case manager only, R4, R5).")]
    public static Task<IResult> Post(Guid id, Request body, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromHeader(Name = CaseEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
        [WriteAggregate(Required = false)] IEventStream<CaseRecord> @case, IDocumentSession session, HttpContext http, CaseService cases) =>
        CaseEndpoints.Act(http, session, @case, ifMatch, idempotencyKey, body, cases);

    /// <summary>Which limbs of the harm threshold are met (none: not met) and why (R5).</summary>
    public sealed record Request(ValueList<HarmLimb> LimbsMet, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(
            [HarmLimb.BehaviourIndicatingRiskOfHarm, HarmLimb.BehaviourIndicatingUnsuitabilityToWorkWithChildren],
            "Private late-night messages to a pupil asking for secrecy breach the staff code and suggest grooming behaviour.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AssessHarmThreshold(actor, now, LimbsMet, Rationale);
    }

    internal IReadOnlyList<object> Decide(Allegation.State state)
    {
        Require.Rationale(Rationale, "The harm threshold assessment");
        // R6: having indecent images of children is itself an offence (limb 2): the threshold is met.
        Require.That(LimbsMet.Count > 0 || !state.IndecentImages, "R6",
            "Indecent images of children were found: that is a possible criminal offence, so the harm threshold is met.");
        // R5: once met, the threshold is lowered only with the LADO involved, never to avoid the referral.
        Require.That(LimbsMet.Count > 0 || state.Threshold?.Met != true || state.Case.ReferredTo(Agency.Lado) || state.Advice.Contains(AdviceSource.Lado), "R5",
            "The harm threshold was assessed as met: refer to the LADO, or record the LADO's advice, before assessing it as not met.");
        var assessed = new HarmThresholdAssessed(LimbsMet.Count > 0, ValueList.From(LimbsMet.Distinct().Order()), Rationale);
        return assessed == state.Threshold ? [] : [assessed];
    }
}
