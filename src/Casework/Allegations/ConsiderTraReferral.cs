using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>Record whether the Teaching Regulation Agency was referred to, with the rationale (R3).</summary>
public sealed record ConsiderTraReferral(Actor Actor, DateTimeOffset Now, bool Referred, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.ConsiderTraReferral;

    /// <summary>Whether the Teaching Regulation Agency was referred to, and why (R3).</summary>
    public sealed record Request(bool Referred, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(true, "Substantiated serious misconduct by a qualified teacher who has been dismissed: the TRA may consider a prohibition order.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ConsiderTraReferral(actor, now, Referred, Rationale);
    }

    internal static Refusal? Check(Allegation.State state) => state.TraConsidered ? Refusal.AlreadyDone : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.Rationale(Rationale, "The decision about a TRA referral");
        return [new TraReferralConsidered(Referred, Rationale)];
    }
}
