using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>
/// R8, KCSIE Part 4: the case manager erases a closed false or malicious allegation whose subject did not consent to
/// keeping it, by deleting the case's data key (ADR 34). Erasure cannot be undone, so the subject is asked first: it is decided
/// once they declined, or once <see cref="ConsentWindow"/> has passed since the outcome without their consent.
/// The pipeline completes the decision with the earlier copies of the case found in the store (<see cref="EraseContent"/>).
/// </summary>
public sealed record EraseAllegation(Actor Actor, DateTimeOffset Now, Guid DecisionId) : ICaseCommand
{
    /// <summary>How long the subject has to answer whether a false or malicious allegation may be kept, from its outcome.</summary>
    public static readonly TimeSpan ConsentWindow = TimeSpan.FromDays(28);

    public CaseAction Action => CaseAction.EraseContent;

    /// <summary>Erase the allegation's content for good: <c>confirm</c> must be true, as nothing can bring it back.</summary>
    public sealed record Request(bool? Confirm) : ICaseRequest
    {
        public static Request Example { get; } = new(true);

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => Confirm == true
            ? new EraseAllegation(actor, now, Guid.CreateVersion7(now))
            : throw new CallerRefused(StatusCodes.Status400BadRequest, "Erasure cannot be undone: send confirm: true to erase.", "confirm");
    }

    internal static Refusal? Check(Allegation.State state, DateTimeOffset now) =>
        state.Outcome is not (AllegationOutcome.False or AllegationOutcome.Malicious)
            ? Refusal.Broken("R8", "Only an allegation found false or malicious is erased.")
        : state.SubjectConsentToKeep
            ? Refusal.Broken("R8", "The subject consented to keeping the details of this allegation: it is kept.")
        // Closed first, so that nothing is left to do on a record no one can read (no deadline, no register row).
        : !state.Case.Closed
            ? Refusal.Broken("R8", "Close the allegation first: it is erased once closed.")
        : !state.SubjectDeclinedToKeep && (state.OutcomeAt is not { } outcomeAt || now < outcomeAt + ConsentWindow)
            ? Refusal.Broken("R8", $"Ask the subject whether the details may be kept first: erasure cannot be undone. It may be decided once they decline, " +
                $"or {ConsentWindow.Days} days after the outcome was recorded" + (state.OutcomeAt is { } at ? $" (from {(at + ConsentWindow):yyyy-MM-dd HH:mm} UTC)" : "") +
                " without their consent.")
        : null;

    internal IReadOnlyList<object> Decide() =>
        [new ContentErased(DecisionId, ErasureReason.FalseOrMaliciousAllegation, Actor.Id, Now, [])];
}
