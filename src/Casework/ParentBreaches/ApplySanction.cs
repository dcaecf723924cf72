using Casework.Cases;

namespace Casework.ParentBreaches;

/// <summary>Apply a sanction, e.g. remove the parent's right to interact with the school's accounts. R10: only after a meeting invitation.</summary>
public sealed record ApplySanction(Actor Actor, DateTimeOffset Now, Sanction Sanction, string Details, string Rationale, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.ApplySanction;

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
