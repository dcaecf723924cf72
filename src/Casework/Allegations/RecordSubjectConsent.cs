using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>
/// R8: the subject of a false or malicious allegation, asked whether its details may be kept on staff records, consents
/// (<see cref="Consents"/>) or declines; a decline lets the case manager erase it without waiting (ADR 34).
/// </summary>
public sealed record RecordSubjectConsent(Actor Actor, DateTimeOffset Now, string Notes, DateTimeOffset OccurredAt, bool Consents = true) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordSubjectConsent;

    /// <summary>
    /// When the subject answered whether the details of a false or malicious allegation may be kept (R8), and any notes.
    /// <c>consents</c>: false when they declined; absent means they consented.
    /// </summary>
    public sealed record Request(DateTimeOffset OccurredAt, [TextLimit(TextLimits.Words)] string? Notes = null, bool? Consents = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            DateTimeOffset.Parse("2026-11-20T15:00:00+00:00"), "Ms K. asked that the record be kept so that the finding is on file if the pupil repeats the claim.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordSubjectConsent(actor, now, Notes ?? "", OccurredAt, Consents ?? true);
    }

    internal static Refusal? Check(Allegation.State state) =>
        state.Outcome is not (AllegationOutcome.False or AllegationOutcome.Malicious)
            ? Refusal.Broken("R8", "The subject's consent to keep details applies only to a false or malicious allegation.")
        : state.SubjectConsentToKeep ? Refusal.AlreadyDone
        : null;

    internal IReadOnlyList<object> Decide(Allegation.State state)
    {
        Require.NotInFuture(OccurredAt, Now, "consent was given");
        return Consents ? [new SubjectConsentToKeepRecorded(Notes ?? "", OccurredAt)]
            : state.SubjectDeclinedToKeep ? []
            : [new SubjectConsentToKeepDeclined(Notes ?? "", OccurredAt)];
    }
}
