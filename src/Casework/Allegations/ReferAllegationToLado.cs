using Casework.Cases;

namespace Casework.Allegations;

/// <summary>
/// Refer the allegation to the LADO: within a working day once the threshold is met (R5), the same day
/// when indecent images were found (R6). Allowed before the threshold is assessed: LADO contact comes first.
/// </summary>
public sealed record ReferAllegationToLado(Actor Actor, DateTimeOffset Now, string Summary, string? Reference, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.ReferToLado;

    internal static Refusal? Check(Allegation.State state) => state.Case.ReferredTo(Agency.Lado) ? Refusal.AlreadyDone : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(Summary, "R3", "Say what was referred to the LADO.");
        Require.NotInFuture(OccurredAt, Now, "of the referral");
        return [new AllegationReferredToLado(Summary, Reference, OccurredAt)];
    }
}
