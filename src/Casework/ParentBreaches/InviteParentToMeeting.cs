using Casework.Cases;

namespace Casework.ParentBreaches;

/// <summary>R10: the parent is invited to meet the school before any sanction (Clarendon §6, St Thomas 8.6).</summary>
public sealed record InviteParentToMeeting(Actor Actor, DateTimeOffset Now, DateTimeOffset ProposedFor, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.InviteToMeeting;

    /// <summary>When the parent is invited to meet, and when the invitation was sent.</summary>
    public sealed record Request(DateTimeOffset ProposedFor, DateTimeOffset OccurredAt) : ICaseRequest
    {
        public static Request Example { get; } = new(DateTimeOffset.Parse("2026-11-24T15:30:00+00:00"), DateTimeOffset.Parse("2026-11-19T09:00:00+00:00"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new InviteParentToMeeting(actor, now, ProposedFor, OccurredAt);
    }

    internal IReadOnlyList<object> Decide()
    {
        Require.NotInFuture(OccurredAt, Now, "of the invitation");
        return [new ParentInvitedToMeeting(ProposedFor, OccurredAt)];
    }
}
