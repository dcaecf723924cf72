using Casework.Cases;

namespace Casework.Allegations;

/// <summary>R5: the case manager assesses the allegation against the four limbs of the harm threshold, first of all.</summary>
public sealed record AssessHarmThreshold(Actor Actor, DateTimeOffset Now, ValueList<HarmLimb> LimbsMet, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.AssessHarmThreshold;

    internal IReadOnlyList<object> Decide(Allegation.State state)
    {
        Require.Rationale(Rationale, "The harm threshold assessment");
        var assessed = new HarmThresholdAssessed(LimbsMet.Count > 0, ValueList.From(LimbsMet.Distinct().Order()), Rationale);
        return assessed == state.Threshold ? [] : [assessed];
    }
}
