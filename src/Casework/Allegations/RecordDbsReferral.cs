using Casework.Cases;

namespace Casework.Allegations;

/// <summary>R8: a substantiated allegation about someone who has left is referred to the DBS before closing.</summary>
public sealed record RecordDbsReferral(Actor Actor, DateTimeOffset Now, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.RecordDbsReferral;

    internal static Refusal? Check(Allegation.State state) =>
        state.Outcome != AllegationOutcome.Substantiated ? Refusal.Broken("R8", "A referral to the DBS follows a substantiated allegation.")
        : state.DbsReferred ? Refusal.AlreadyDone
        : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.NotInFuture(OccurredAt, Now, "of the referral");
        return [new DbsReferralRecorded(Reference, OccurredAt)];
    }
}
