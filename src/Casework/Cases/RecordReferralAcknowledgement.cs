namespace Casework.Cases;

/// <summary>An agency acknowledged a referral (closes the R15 follow-up for children's social care).</summary>
public sealed record RecordReferralAcknowledgement(Actor Actor, DateTimeOffset Now, Agency By, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.RecordReferralAcknowledgement;

    internal static Refusal? Check(CaseFile file) =>
        file.Referrals.Values.Any(r => !r.Acknowledged) ? null
        : Refusal.Broken("R15", "No referral of this case is waiting for an acknowledgement.");

    internal IReadOnlyList<object> Decide(CaseFile file)
    {
        Require.That(file.ReferredTo(By), "R15", "This case has not been referred to that agency.");
        Require.NotInFuture(OccurredAt, Now, "of the acknowledgement");
        return file.Referrals[By].Acknowledged ? [] : [new ReferralAcknowledged(By, Reference, OccurredAt)];
    }
}
