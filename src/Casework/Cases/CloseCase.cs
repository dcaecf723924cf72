using Casework.SchoolPolicies;
using Casework.Http;

namespace Casework.Cases;

/// <summary>Close a case, with a summary and a rationale (R3). Each kind adds what must happen first.</summary>
public sealed record CloseCase(Actor Actor, DateTimeOffset Now, string Summary, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.Close;

    /// <summary>How the case ended, and why it can close now (R3).</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Summary, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(
            "Post removed and parent met; right to interact with the school's accounts withdrawn for the rest of the year.",
            "Every step of the social-media code is complete and the police were not needed: the post named no pupil and made no threat.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new CloseCase(actor, now, Summary, Rationale);
    }

    internal static Refusal? Check(SharedState file, CaseContext context) =>
        !file.Reported ? CaseGuards.Open(file)
        : file.Closed ? Refusal.AlreadyDone
        : StaffVictimHeard(file, context);

    // R12: the victim's wishes are on record, and the police were told if they (or the school's policy) want it.
    private static Refusal? StaffVictimHeard(SharedState file, CaseContext context) =>
        file.StaffVictimId is null ? null
        : file.VictimWantsPolice is not { } wantsPolice ? Refusal.Broken("R12", "Record the wishes of the member of staff about the police before closing.")
        : (wantsPolice || file.Policy.StaffCyberbullyingPolice == StaffCyberbullyingPolice.Required) && !file.ReferredTo(Agency.Police)
            ? Refusal.Broken("R12", "Report this to the police before closing: the member of staff, or the school's policy, requires it.")
        : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(Summary, "R3", "Summarise the outcome of the case.");
        Require.Rationale(Rationale, "Closing a case");
        return [new CaseClosed(Summary, Rationale)];
    }
}
