using Casework.SchoolPolicies;
using Casework.Http;

namespace Casework.Cases;

/// <summary>Refer to the police; with <paramref name="ImmediateRisk"/> at once, a child being at immediate risk of harm (R5), saying why (R3).</summary>
public sealed record ReferToPolice(
    Actor Actor, DateTimeOffset Now, string Summary, string? Reference, DateTimeOffset OccurredAt, bool ImmediateRisk = false, string? Rationale = null) : ICaseCommand
{
    public CaseAction Action => CaseAction.ReferToPolice;

    /// <summary>
    /// What was reported to the police and when, with their reference if they gave one; <c>immediateRisk</c> when a
    /// child is at immediate risk of harm, with the <c>rationale</c> for it.
    /// </summary>
    public sealed record Request(
        [TextLimit(TextLimits.Words)] string Summary,
        DateTimeOffset OccurredAt,
        [TextLimit(TextLimits.Name)] string? Reference = null,
        bool ImmediateRisk = false,
        [TextLimit(TextLimits.Words)] string? Rationale = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            "Reported by phone on 101: an adult stranger asked a Year 7 pupil for photos on Snapchat. Screenshots kept by the DSL, not uploaded.",
            DateTimeOffset.Parse("2026-11-19T10:15:00+00:00"),
            "CAD 4471-19/11",
            ImmediateRisk: true,
            Rationale: "The stranger arranged to meet the pupil after school today.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ReferToPolice(actor, now, Summary, Reference, OccurredAt, ImmediateRisk, Rationale);
    }

    /// <summary>R3: a referral made at once for an immediate risk of harm says why the risk is immediate.</summary>
    internal static void RequireRationaleForImmediateRisk(bool immediateRisk, string? rationale)
    {
        if (immediateRisk)
        {
            Require.Rationale(rationale, "a referral for an immediate risk of harm");
        }
    }

    /// <summary>
    /// R12 (Cranborne 2.8.5): when a member of staff was cyberbullied it is for them to decide about the police, unless
    /// the school's policy requires a report (St Thomas 8.4). Asked by the kinds that name a member of staff as the
    /// victim (a concern, a parent's breach); a parent's threat is the school's to report whatever the victim wishes (R11).
    /// </summary>
    internal static Refusal? VictimDecides(SharedState file) =>
        file.StaffVictimId is null || file.Policy.StaffCyberbullyingPolice == StaffCyberbullyingPolice.Required ? null
        : file.VictimWantsPolice switch
        {
            null => Refusal.Broken("R12", "Record the wishes of the member of staff about the police first; the decision is theirs."),
            false => Refusal.Broken("R12", "The member of staff does not want the police involved, and under this school's policy the decision is theirs."),
            true => null,
        };

    internal IReadOnlyList<object> Decide(SharedState file, CaseContext context)
    {
        Require.Text(Summary, "R3", "Say what was reported to the police.");
        Require.NotInFuture(OccurredAt, Now, "of the referral");
        RequireRationaleForImmediateRisk(ImmediateRisk, Rationale);
        return file.Refer(Agency.Police, context.AsStored(new CaseReferredToPolice(Summary, Reference, OccurredAt, ImmediateRisk, Rationale)));
    }
}
