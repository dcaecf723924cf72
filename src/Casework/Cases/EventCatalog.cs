using Casework.Allegations;
using Casework.Concerns;
using Casework.Directory;
using Casework.Disclosures;
using Casework.ParentBreaches;
using Casework.SchoolPolicies;

namespace Casework.Cases;

/// <summary>
/// The stored name of every event, the only place they are written. A name never changes and is never
/// derived from the CLR type, so classes can be renamed freely; a changed meaning is a new name.
/// The store serializes with System.Text.Json: camelCase, enums as kebab-case strings.
/// </summary>
public static class EventCatalog
{
    public static IReadOnlyList<(string Name, Type Type)> All { get; } =
    [
        // Shared by every kind of case
        ("case-triaged", typeof(CaseTriaged)),
        ("case-escalated-to-dsl", typeof(CaseEscalatedToDsl)),
        ("case-referred-to-police", typeof(CaseReferredToPolice)),
        ("case-referred-to-social-care", typeof(CaseReferredToSocialCare)),
        ("referral-acknowledged", typeof(ReferralAcknowledged)),
        ("content-removal-requested", typeof(ContentRemovalRequested)),
        ("content-removal-outcome-recorded", typeof(ContentRemovalOutcomeRecorded)),
        ("meeting-held", typeof(MeetingHeld)),
        ("evidence-recorded", typeof(EvidenceRecorded)),
        ("decision-recorded", typeof(DecisionRecorded)),
        ("action-assigned", typeof(ActionAssigned)),
        ("action-completed", typeof(ActionCompleted)),
        ("note-added", typeof(NoteAdded)),
        ("victim-wishes-recorded", typeof(VictimWishesRecorded)),
        ("timeline-shared", typeof(TimelineShared)),
        ("case-closed", typeof(CaseClosed)),
        ("case-reopened", typeof(CaseReopened)),
        ("school-policy-applied", typeof(SchoolPolicyApplied)),
        ("content-erased", typeof(ContentErased)),
        ("legal-hold-placed", typeof(LegalHoldPlaced)),
        ("legal-hold-lifted", typeof(LegalHoldLifted)),
        ("retention-reviewed", typeof(RetentionReviewed)),
        ("record-destroyed", typeof(RecordDestroyed)),
        ("deadline-missed", typeof(DeadlineMissed)),

        // Concerns
        ("concern-reported", typeof(ConcernReported)),
        ("nudes-sharing-assessed", typeof(NudesSharingAssessed)),
        ("concern-recategorised", typeof(ConcernRecategorised)),

        // Disclosures
        ("disclosure-recorded", typeof(DisclosureRecorded)),

        // Allegations against staff
        ("allegation-reported", typeof(AllegationReported)),
        ("allegation-case-manager-assigned", typeof(AllegationCaseManagerAssigned)),
        ("harm-threshold-assessed", typeof(HarmThresholdAssessed)),
        ("low-level-concern-recorded", typeof(LowLevelConcernRecorded)),
        ("allegation-referred-to-lado", typeof(AllegationReferredToLado)),
        ("allegation-advice-recorded", typeof(AllegationAdviceRecorded)),
        ("investigation-step-recorded", typeof(InvestigationStepRecorded)),
        ("allegation-outcome-recorded", typeof(AllegationOutcomeRecorded)),
        ("dbs-referral-recorded", typeof(DbsReferralRecorded)),
        ("tra-referral-considered", typeof(TraReferralConsidered)),
        ("subject-consent-to-keep-recorded", typeof(SubjectConsentToKeepRecorded)),
        ("allegation-material-found", typeof(AllegationMaterialFound)),
        ("allegation-erased-from-staff-registers", typeof(AllegationErasedFromStaffRegisters)),
        ("subject-consent-to-keep-declined", typeof(SubjectConsentToKeepDeclined)),

        // Parent breaches
        ("parent-breach-reported", typeof(ParentBreachReported)),
        ("parent-invited-to-meeting", typeof(ParentInvitedToMeeting)),
        ("parent-sanction-applied", typeof(ParentSanctionApplied)),

        // The school's directory
        ("staff-member-added", typeof(StaffMemberAdded)),
        ("staff-member-updated", typeof(StaffMemberUpdated)),
        ("staff-member-removed", typeof(StaffMemberRemoved)),
        ("pupil-added", typeof(PupilAdded)),
        ("pupil-updated", typeof(PupilUpdated)),
        ("pupil-removed", typeof(PupilRemoved)),
        ("parent-added", typeof(ParentAdded)),
        ("parent-updated", typeof(ParentUpdated)),
        ("parent-removed", typeof(ParentRemoved)),

        // The school's settings
        ("school-policy-proposed", typeof(SchoolPolicyProposed)),
        ("school-policy-approved", typeof(SchoolPolicyApproved)),
        ("school-policy-rejected", typeof(SchoolPolicyRejected)),
    ];

    /// <summary>The events of a person's stream: the school's directory.</summary>
    public static IReadOnlyList<(string Name, Type Type)> Directory { get; } =
        [.. All.Where(e => e.Type.Namespace == typeof(Person).Namespace)];

    /// <summary>The events of a school's settings stream (ADR 32).</summary>
    public static IReadOnlyList<(string Name, Type Type)> School { get; } =
        [.. All.Where(e => e.Type.Namespace == typeof(SchoolPolicy).Namespace)];

    /// <summary>The events of a case's stream: every event that is neither the directory's nor the school's settings'.</summary>
    public static IReadOnlyList<(string Name, Type Type)> Cases { get; } = [.. All.Except(Directory).Except(School)];
}
