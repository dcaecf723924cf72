using Casework.Cases;

namespace Casework.Allegations;

/// <summary>R5: the case manager assesses the allegation against the four limbs of the harm threshold, first of all.</summary>
public sealed record AssessHarmThreshold(Actor Actor, DateTimeOffset Now, ValueList<HarmLimb> LimbsMet, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.AssessHarmThreshold;

    /// <summary>Which limbs of the harm threshold are met (none: not met) and why (R5).</summary>
    public sealed record Request(ValueList<HarmLimb> LimbsMet, string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(
            [HarmLimb.BehaviourIndicatingRiskOfHarm, HarmLimb.BehaviourIndicatingUnsuitabilityToWorkWithChildren],
            "Private late-night messages to a pupil asking for secrecy breach the staff code and suggest grooming behaviour.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AssessHarmThreshold(actor, now, LimbsMet, Rationale);
    }

    internal IReadOnlyList<object> Decide(Allegation.State state)
    {
        Require.Rationale(Rationale, "The harm threshold assessment");
        var assessed = new HarmThresholdAssessed(LimbsMet.Count > 0, ValueList.From(LimbsMet.Distinct().Order()), Rationale);
        return assessed == state.Threshold ? [] : [assessed];
    }
}
