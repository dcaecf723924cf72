using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>
/// Refer the allegation to the LADO: within a working day once the threshold is met (R5), the same day
/// when indecent images were found (R6). Allowed before the threshold is assessed: LADO contact comes first.
/// </summary>
public sealed record ReferAllegationToLado(Actor Actor, DateTimeOffset Now, string Summary, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.ReferToLado;

    /// <summary>What was referred to the LADO and when, with their reference if they gave one.</summary>
    public sealed record Request(
        [TextLimit(TextLimits.Words)] string Summary,
        DateTimeOffset OccurredAt,
        [TextLimit(TextLimits.Name)] string? Reference = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            "Referred by phone and the LADO referral form: harm threshold met (risk of harm, suitability); teacher not yet told.",
            DateTimeOffset.Parse("2026-11-19T09:30:00+00:00"),
            "LADO/2026/0412");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ReferAllegationToLado(actor, now, Summary, Reference, OccurredAt);
    }

    internal IReadOnlyList<object> Decide(SharedState file, CaseContext context)
    {
        Require.Text(Summary, "R3", "Say what was referred to the LADO.");
        Require.NotInFuture(OccurredAt, Now, "of the referral");
        return file.Refer(Agency.Lado, context.AsStored(new AllegationReferredToLado(Summary, Reference, OccurredAt)));
    }
}
