using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>R8: a substantiated allegation about someone who has left is referred to the DBS before closing.</summary>
public sealed record RecordDbsReferral(Actor Actor, DateTimeOffset Now, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordDbsReferral;

    /// <summary>When the referral to the DBS was made, with its reference if there is one.</summary>
    public sealed record Request(DateTimeOffset OccurredAt, [TextLimit(TextLimits.Name)] string? Reference = null) : ICaseRequest
    {
        public static Request Example { get; } = new(DateTimeOffset.Parse("2026-11-20T16:00:00+00:00"), "DBS-REF-2026-004417");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordDbsReferral(actor, now, Reference, OccurredAt);
    }

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
