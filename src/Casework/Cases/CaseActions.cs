namespace Casework.Cases;

/// <summary>
/// The actions on a case (API.md <c>POST /api/cases/{id}/&lt;action&gt;</c>), as the deciders know them. Each command
/// names its action, so one guard per action serves Decide and AllowedActions. Their names exist only at the HTTP
/// edge: the route table maps each to its route (<see cref="CaseRoutes.RouteName"/>), and a case view's
/// <c>allowedActions</c> carries them in the API's kebab case (<c>refer-to-lado</c>).
/// </summary>
public enum CaseAction
{
    Report,
    Triage,
    EscalateToDsl,
    AssessHarmThreshold,
    AssessUkcisCriteria,
    ReferToLado,
    ReferToPolice,
    ReferToSocialCare,
    RecordReferralAcknowledgement,
    RecordLadoAdvice,
    RecordHrAdvice,
    RecordLowLevelConcern,
    RecordInvestigationStep,
    RequestContentRemoval,
    RecordContentRemovalOutcome,
    InviteToMeeting,
    RecordMeeting,
    RecordEvidence,
    RecordDecision,
    AssignAction,
    CompleteAction,
    AddNote,
    RecordVictimWishes,
    ApplySanction,
    RecordOutcome,
    RecordDbsReferral,
    ConsiderTraReferral,
    RecordSubjectConsent,
    RecordMaterialFound,
    Recategorise,
    ShareTimeline,
    Close,
    Reopen,
    EraseContent,
    PlaceLegalHold,
    LiftLegalHold,
    ReviewRetention,
}

/// <summary>A command on a case: who, when (from the API's TimeProvider), and which action it is.</summary>
public interface ICaseCommand
{
    Actor Actor { get; }

    DateTimeOffset Now { get; }

    CaseAction Action { get; }
}

/// <summary>How much of a case an actor may see. None: answer 404.</summary>
public enum CaseVisibility
{
    None,

    /// <summary>A reporter sees what they reported, not what others did with it (and any action assigned to them).</summary>
    OwnReport,

    /// <summary>
    /// Someone an open action of the case is assigned to, who otherwise sees nothing of it: they see that action (what,
    /// by when) and may complete it; never the report, the people or the timeline.
    /// </summary>
    Assigned,

    Full,

    /// <summary>
    /// R8: an allegation found false or malicious whose subject has not consented to keeping the details: the reader
    /// learns that a record exists, its status and why it is withheld, never its content or who it was about.
    /// </summary>
    Withheld,
}
