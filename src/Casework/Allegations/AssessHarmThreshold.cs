using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>R5: the case manager assesses the allegation against the four limbs of the harm threshold, first of all.</summary>
public sealed record AssessHarmThreshold(Actor Actor, DateTimeOffset Now, ValueList<HarmLimb> LimbsMet, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.AssessHarmThreshold;

    /// <summary>Which limbs of the harm threshold are met (none: not met) and why (R5).</summary>
    public sealed record Request(ValueList<HarmLimb> LimbsMet, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(
            [HarmLimb.BehaviourIndicatingRiskOfHarm, HarmLimb.BehaviourIndicatingUnsuitabilityToWorkWithChildren],
            "Private late-night messages to a pupil asking for secrecy breach the staff code and suggest grooming behaviour.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AssessHarmThreshold(actor, now, LimbsMet, Rationale);
    }

    internal IReadOnlyList<object> Decide(Allegation.State state, CaseContext context)
    {
        Require.Rationale(Rationale, "The harm threshold assessment");
        // R6: having indecent images of children is itself an offence (limb 2): the threshold is met.
        Require.That(LimbsMet.Count > 0 || !state.IndecentImages, "R6",
            "Indecent images of children were found: that is a possible criminal offence, so the harm threshold is met.");
        // R5: once met, the threshold is lowered only with the LADO involved, never to avoid the referral.
        Require.That(LimbsMet.Count > 0 || state.Threshold?.Met != true || state.Case.ReferredTo(Agency.Lado) || state.Advice.Contains(AdviceSource.Lado), "R5",
            "The harm threshold was assessed as met: refer to the LADO, or record the LADO's advice, before assessing it as not met.");
        var assessed = (HarmThresholdAssessed)context.AsStored(new HarmThresholdAssessed(LimbsMet.Count > 0, ValueList.From(LimbsMet.Distinct().Order()), Rationale));
        return assessed == state.Threshold ? [] : [assessed];
    }
}
