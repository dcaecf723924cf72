using Casework.Cases;

namespace Casework.Allegations;

/// <summary>R8: the subject of a false or malicious allegation consents to its details being kept on staff records.</summary>
public sealed record RecordSubjectConsent(Actor Actor, DateTimeOffset Now, string Notes, DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.RecordSubjectConsent;

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
