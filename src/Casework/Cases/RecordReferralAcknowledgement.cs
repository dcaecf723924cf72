using Casework.Http;

namespace Casework.Cases;

/// <summary>An agency acknowledged a referral (closes the R15 follow-up for children's social care).</summary>
public sealed record RecordReferralAcknowledgement(Actor Actor, DateTimeOffset Now, Agency By, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordReferralAcknowledgement;

    /// <summary>Which agency acknowledged the referral and when, with their reference if they gave one.</summary>
    public sealed record Request(Agency By, DateTimeOffset OccurredAt, [TextLimit(TextLimits.Name)] string? Reference = null) : ICaseRequest
    {
        public static Request Example { get; } = new(Agency.ChildrensSocialCare, DateTimeOffset.Parse("2026-11-20T09:05:00+00:00"), "MASH-2026-11873");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordReferralAcknowledgement(actor, now, By, Reference, OccurredAt);
    }

    internal static Refusal? Check(SharedState file) =>
        file.Referrals.Values.Any(r => !r.Acknowledged) ? null
        : Refusal.Broken("R15", "No referral of this case is waiting for an acknowledgement.");

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.That(file.ReferredTo(By), "R15", "This case has not been referred to that agency.");
        Require.NotInFuture(OccurredAt, Now, "of the acknowledgement");
        return file.Referrals[By].Acknowledged ? [] : [new ReferralAcknowledged(By, Reference, OccurredAt)];
    }
}
