namespace Casework.IntegrationTests;

/// <summary>
/// The action names a client of the API uses: routes (<c>POST /api/cases/{id}/&lt;action&gt;</c>) and the case view's
/// <c>allowedActions</c>. The service's deciders know actions as <see cref="Casework.Cases.CaseAction"/>; the names
/// exist at the HTTP edge only, and <c>OpenApiTests</c> checks these are exactly the routes the service maps.
/// </summary>
public static class CaseActions
{
    public const string Report = "report";
    public const string Triage = "triage";
    public const string EscalateToDsl = "escalate-to-dsl";
    public const string AssessHarmThreshold = "assess-harm-threshold";
    public const string AssessUkcisCriteria = "assess-ukcis-criteria";
    public const string ReferToLado = "refer-to-lado";
    public const string ReferToPolice = "refer-to-police";
    public const string ReferToSocialCare = "refer-to-social-care";
    public const string RecordReferralAcknowledgement = "record-referral-acknowledgement";
    public const string RecordLadoAdvice = "record-lado-advice";
    public const string RecordHrAdvice = "record-hr-advice";
    public const string RecordLowLevelConcern = "record-low-level-concern";
    public const string RecordInvestigationStep = "record-investigation-step";
    public const string RequestContentRemoval = "request-content-removal";
    public const string RecordContentRemovalOutcome = "record-content-removal-outcome";
    public const string InviteToMeeting = "invite-to-meeting";
    public const string RecordMeeting = "record-meeting";
    public const string RecordEvidence = "record-evidence";
    public const string RecordDecision = "record-decision";
    public const string AssignAction = "assign-action";
    public const string CompleteAction = "complete-action";
    public const string AddNote = "add-note";
    public const string RecordVictimWishes = "record-victim-wishes";
    public const string ApplySanction = "apply-sanction";
    public const string RecordOutcome = "record-outcome";
    public const string RecordDbsReferral = "record-dbs-referral";
    public const string ConsiderTraReferral = "consider-tra-referral";
    public const string RecordSubjectConsent = "record-subject-consent";
    public const string RecordMaterialFound = "record-material-found";
    public const string Recategorise = "recategorise";
    public const string ShareTimeline = "share-timeline";
    public const string Close = "close";
    public const string Reopen = "reopen";
    public const string EraseContent = "erase-content";
    public const string PlaceLegalHold = "place-legal-hold";
    public const string LiftLegalHold = "lift-legal-hold";
    public const string ReviewRetention = "review-retention";
}
