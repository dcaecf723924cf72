using Casework.Cases;

namespace Casework.ParentBreaches;

/// <summary>R10: the parent is invited to meet the school before any sanction (Clarendon §6, St Thomas 8.6).</summary>
public sealed record InviteParentToMeeting(Actor Actor, DateTimeOffset Now, DateTimeOffset ProposedFor, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.InviteToMeeting;

    internal IReadOnlyList<object> Decide()
    {
        Require.NotInFuture(OccurredAt, Now, "of the invitation");
        return [new ParentInvitedToMeeting(ProposedFor, OccurredAt)];
    }
}
