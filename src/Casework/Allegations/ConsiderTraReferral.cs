using Casework.Cases;

namespace Casework.Allegations;

/// <summary>Record whether the Teaching Regulation Agency was referred to, with the rationale (R3).</summary>
public sealed record ConsiderTraReferral(Actor Actor, DateTimeOffset Now, bool Referred, string Rationale) : ICaseCommand
{
    public string Action => CaseActions.ConsiderTraReferral;

    internal static Refusal? Check(Allegation.State state) => state.TraConsidered ? Refusal.AlreadyDone : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.Rationale(Rationale, "The decision about a TRA referral");
        return [new TraReferralConsidered(Referred, Rationale)];
    }
}
