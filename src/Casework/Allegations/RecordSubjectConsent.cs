using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>R8: the subject of a false or malicious allegation consents to its details being kept on staff records.</summary>
public sealed record RecordSubjectConsent(Actor Actor, DateTimeOffset Now, string Notes, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordSubjectConsent;

    /// <summary>When the subject consented to keeping the details of a false or malicious allegation (R8), and any notes.</summary>
    public sealed record Request(DateTimeOffset OccurredAt, [TextLimit(TextLimits.Words)] string? Notes = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            DateTimeOffset.Parse("2026-11-20T15:00:00+00:00"), "Ms K. asked that the record be kept so that the finding is on file if the pupil repeats the claim.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordSubjectConsent(actor, now, Notes ?? "", OccurredAt);
    }

    internal static Refusal? Check(Allegation.State state) =>
        state.Outcome is not (AllegationOutcome.False or AllegationOutcome.Malicious)
            ? Refusal.Broken("R8", "The subject's consent to keep details applies only to a false or malicious allegation.")
        : state.SubjectConsentToKeep ? Refusal.AlreadyDone
        : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.NotInFuture(OccurredAt, Now, "consent was given");
        return [new SubjectConsentToKeepRecorded(Notes ?? "", OccurredAt)];
    }
}
