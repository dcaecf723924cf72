using Casework.Cases;

namespace Casework.Allegations;

/// <summary>The four limbs of the KCSIE Part 4 harm threshold.</summary>
public enum HarmLimb
{
    HarmedOrMayHaveHarmedAChild,
    PossibleCriminalOffenceAgainstOrRelatedToAChild,
    BehaviourIndicatingRiskOfHarm,
    BehaviourIndicatingUnsuitabilityToWorkWithChildren,
}

/// <summary>The five outcomes of KCSIE Part 4 (R8).</summary>
public enum AllegationOutcome { Substantiated, Malicious, False, Unsubstantiated, Unfounded }

/// <summary>R7: unsuitable material needs HR or LADO advice first.</summary>
public enum AdviceSource { Hr, Lado }

// ReportedAt: when it was recorded; ReceivedAt: when the school was told, from which the LADO deadline (R5) and
// R6's "same day" count (absent in reports stored before it existed, which were told when recorded). PupilIds: the
// children involved from the directory, which put the allegation into their chronologies; OtherChildren: those it
// does not hold, in words (both absent in reports stored before they existed).
public sealed record AllegationReported(
    Guid ReportedBy,
    DateTimeOffset ReportedAt,
    Guid SubjectId,
    [PersonalContent] string Account,
    DateTimeOffset OccurredAt,
    bool IndecentImagesFound,
    bool UnsuitableMaterialFound,
    DateTimeOffset? ReceivedAt = null,
    ValueList<Guid>? PupilIds = null,
    [PersonalContent] string? OtherChildren = null);

/// <summary>R6/R7: material found after the report; from then on its rules apply (deadlines count from when it was found).</summary>
public sealed record AllegationMaterialFound(bool IndecentImages, bool UnsuitableMaterial, [PersonalContent] string Description, DateTimeOffset OccurredAt);

/// <summary>
/// R4: the headteacher, or the chair of governors when the subject holds the headteacher role; on a report, and
/// again whenever the directory changes who is the headteacher (<paramref name="Reason"/> says which change).
/// </summary>
public sealed record AllegationCaseManagerAssigned(Guid ManagerId, Role As, string? Reason = null);

/// <summary>R5: met when any limb holds; the limbs are recorded with the rationale.</summary>
public sealed record HarmThresholdAssessed(bool Met, ValueList<HarmLimb> Limbs, [PersonalContent] string Rationale);

/// <summary>KCSIE Part 4 section 2: below the threshold, kept for patterns per staff member.</summary>
public sealed record LowLevelConcernRecorded([PersonalContent] string Summary, [PersonalContent] string Rationale);

public sealed record AllegationReferredToLado([PersonalContent] string Summary, string? Reference, DateTimeOffset OccurredAt);

/// <summary>Advice from HR or the LADO. <paramref name="AdviceId"/> tells a repeat from new advice (R14); absent in advice stored before it existed.</summary>
public sealed record AllegationAdviceRecorded(AdviceSource From, [PersonalContent] string Advice, DateTimeOffset OccurredAt, Guid? AdviceId = null);

public sealed record InvestigationStepRecorded(Guid StepId, [PersonalContent] string Step, DateTimeOffset OccurredAt);

/// <summary>
/// One of the five outcomes (R8). <paramref name="RecordedAt"/>: when, from which the subject's window to consent to
/// keeping a false or malicious allegation counts (ADR 34); absent in outcomes stored before it existed.
/// </summary>
public sealed record AllegationOutcomeRecorded(
    AllegationOutcome Outcome,
    [PersonalContent] string Rationale,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RecordedAt = null);

public sealed record DbsReferralRecorded(string? Reference, DateTimeOffset OccurredAt);

/// <summary>Whether the Teaching Regulation Agency was referred to, and why.</summary>
public sealed record TraReferralConsidered(bool Referred, [PersonalContent] string Rationale);

/// <summary>R8: the subject agreed that details of a false or malicious allegation may be kept.</summary>
public sealed record SubjectConsentToKeepRecorded([PersonalContent] string Notes, DateTimeOffset OccurredAt);

/// <summary>R8: asked, the subject of a false or malicious allegation declined to have its details kept: it may be erased at once (ADR 34).</summary>
public sealed record SubjectConsentToKeepDeclined([PersonalContent] string Notes, DateTimeOffset OccurredAt);

/// <summary>
/// R8: a false or malicious allegation, closed without the subject's consent to keep it. Staff-facing
/// registers drop the subject's details when they see this; the events themselves stay.
/// </summary>
public sealed record AllegationErasedFromStaffRegisters(AllegationOutcome Outcome);
