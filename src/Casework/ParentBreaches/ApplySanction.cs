using Casework.Cases;
using Casework.Http;

namespace Casework.ParentBreaches;

/// <summary>Apply a sanction, e.g. remove the parent's right to interact with the school's accounts. R10: only after a meeting invitation.</summary>
public sealed record ApplySanction(Actor Actor, DateTimeOffset Now, Sanction Sanction, string Details, string Rationale, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.ApplySanction;

    /// <summary>The sanction, why (R3), when it took effect, and any details.</summary>
    public sealed record Request(
        Sanction Sanction,
        [TextLimit(TextLimits.Words)] string Rationale,
        DateTimeOffset OccurredAt,
        [TextLimit(TextLimits.Words)] string? Details = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            Sanction.SchoolAccountInteractionRemoved,
            "A second threatening post after the meeting, against the code the parent agreed to (Clarendon §6).",
            DateTimeOffset.Parse("2026-11-20T10:00:00+00:00"),
            "Blocked from commenting on the school's Facebook page and X account until July.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ApplySanction(actor, now, Sanction, Details ?? "", Rationale, OccurredAt);
    }

    internal static Refusal? Check(ParentBreach.State state) =>
        state.Invited ? null : Refusal.Broken("R10", "Invite the parent to a meeting before applying a sanction.");

    internal IReadOnlyList<object> Decide(ParentBreach.State state)
    {
        Require.Rationale(Rationale, "A sanction");
        Require.NotInFuture(OccurredAt, Now, "of the sanction");
        return state.Sanctions.Contains(Sanction) && Sanction != Sanction.Other ? []
            : [new ParentSanctionApplied(Sanction, Details ?? "", Rationale, OccurredAt)];
    }
}
