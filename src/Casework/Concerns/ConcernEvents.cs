using Casework.Cases;

namespace Casework.Concerns;

/// <summary>
/// What a concern or disclosure is about: online safety's kinds (Clarendon, St Thomas) and KCSIE Part 1's kinds of
/// abuse and neglect and specific safeguarding issues. Each value keeps its meaning for good: the rules that depend
/// on a category (R9 on <see cref="SharingNudes"/>) read the value, never a school's wording of it, and new values
/// are only ever added at the end (stored events name them).
/// </summary>
public enum ConcernCategory
{
    OnlineSafety,
    Cyberbullying,
    SharingNudes,
    InappropriateContent,

    /// <summary>A pupil or parent tried to friend or follow a member of staff (Clarendon §5, St Thomas 5.4).</summary>
    ContactAttempt,
    Radicalisation,
    Other,

    // KCSIE Part 1: the four kinds of abuse and neglect.
    PhysicalAbuse,
    EmotionalAbuse,
    SexualAbuse,
    Neglect,

    // KCSIE Part 1 and Annex B: specific safeguarding issues.
    ChildOnChildAbuse,
    SexualViolenceOrHarassment,
    DomesticAbuse,
    SelfHarm,
    MentalHealth,
    ChildSexualExploitation,
    ChildCriminalExploitation,
    FemaleGenitalMutilation,
    HonourBasedAbuse,
    ChildMissingFromEducation,
}

public enum PupilRole { Victim, AllegedPerpetrator, Witness, Subject }

/// <summary>The UKCIS (2024) criteria that take a nudes case out of school (R9).</summary>
public enum UkcisCriterion
{
    AdultInvolved,
    CoercionBlackmailOrGrooming,
    CapacityToConsentConcern,
    UnusualForDevelopmentOrViolent,

    /// <summary>
    /// UKCIS's fourth criterion: the imagery involves sexual acts and a pupil in it is under 13. Worked out, never ticked.
    /// Its stored name is kept from when Casework read it as "a pupil is under 13" (ADR 26).
    /// </summary>
    PupilUnderThirteen,
    ImmediateRiskOfHarm,
}

public sealed record PupilInvolved(Guid PupilId, PupilRole Role);

/// <summary>R2/R3: the DSL's change of category, with the category it had and why.</summary>
public sealed record ConcernRecategorised(ConcernCategory From, ConcernCategory To, [PersonalContent] string Rationale);

// ReportedAt: when it was recorded; ReceivedAt: when the school was told (deadlines count from it; absent in
// reports stored before it existed, which were told when recorded); OccurredAt: when it happened.
// StaffVictimId: a member of staff cyberbullied by a pupil (R12).
public sealed record ConcernReported(
    Guid ReportedBy,
    DateTimeOffset ReportedAt,
    ValueList<PupilInvolved> Pupils,
    ConcernCategory Category,
    [PersonalContent] string Account,
    [PersonalContent] Place? Where,
    DateTimeOffset OccurredAt,
    Guid? StaffVictimId,
    DateTimeOffset? ReceivedAt = null);

/// <summary>
/// R9: which UKCIS criteria hold (empty means the DSL may handle it in school), and whether the imagery, as described
/// (never viewed), involves sexual acts. <c>SexualActs</c> is null in an assessment recorded before the question was
/// asked: its criteria stand as assessed then, "a pupil under 13" having been read from the date of birth alone (ADR 26).
/// </summary>
public sealed record NudesSharingAssessed(ValueList<UkcisCriterion> CriteriaMet, bool? SexualActs, [PersonalContent] string Rationale);
