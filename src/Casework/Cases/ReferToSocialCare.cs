using Casework.Http;

namespace Casework.Cases;

/// <summary>
/// Refer to children's social care; an acknowledgement is due within a working day (R15). With
/// <paramref name="ImmediateRisk"/> at once, a child being at immediate risk of harm (R5), saying why (R3).
/// </summary>
public sealed record ReferToSocialCare(
    Actor Actor, DateTimeOffset Now, string Summary, string? Reference, DateTimeOffset OccurredAt, bool ImmediateRisk = false, string? Rationale = null) : ICaseCommand
{
    public CaseAction Action => CaseAction.ReferToSocialCare;

    /// <summary>
    /// What was referred to children's social care and when, with their reference if they gave one;
    /// <c>immediateRisk</c> when a child is at immediate risk of harm, with the <c>rationale</c> for it.
    /// </summary>
    public sealed record Request(
        [TextLimit(TextLimits.Words)] string Summary,
        DateTimeOffset OccurredAt,
        [TextLimit(TextLimits.Name)] string? Reference = null,
        bool ImmediateRisk = false,
        [TextLimit(TextLimits.Words)] string? Rationale = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            "Referred to the MASH by phone and online form: the pupil says she is left alone overnight with no food in the house.",
            DateTimeOffset.Parse("2026-11-19T11:40:00+00:00"),
            "MASH-2026-11873");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ReferToSocialCare(actor, now, Summary, Reference, OccurredAt, ImmediateRisk, Rationale);
    }

    internal IReadOnlyList<object> Decide(SharedState file, CaseContext context)
    {
        Require.Text(Summary, "R3", "Say what was referred to children's social care.");
        Require.NotInFuture(OccurredAt, Now, "of the referral");
        ReferToPolice.RequireRationaleForImmediateRisk(ImmediateRisk, Rationale);
        return file.Refer(Agency.ChildrensSocialCare, context.AsStored(new CaseReferredToSocialCare(Summary, Reference, OccurredAt, ImmediateRisk, Rationale)));
    }
}
