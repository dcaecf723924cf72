namespace Casework.Cases;

/// <summary>Refer to children's social care; an acknowledgement is due within a working day (R15).</summary>
public sealed record ReferToSocialCare(Actor Actor, DateTimeOffset Now, string Summary, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.ReferToSocialCare;

    internal static Refusal? Check(CaseFile file) => file.ReferredTo(Agency.ChildrensSocialCare) ? Refusal.AlreadyDone : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(Summary, "R3", "Say what was referred to children's social care.");
        Require.NotInFuture(OccurredAt, Now, "of the referral");
        return [new CaseReferredToSocialCare(Summary, Reference, OccurredAt)];
    }
}
