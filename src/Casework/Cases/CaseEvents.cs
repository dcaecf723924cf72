using System.Text.Json.Serialization;
using Casework.Calendar;
using Casework.Http;

namespace Casework.Cases;

// Events every kind of case shares. Stored names are in EventCatalog; never rename those.

public enum RiskLevel { Low, Medium, High, Immediate }

public enum Agency { Police, ChildrensSocialCare, Lado }

public enum RemovalAskedOf { Poster, Platform, Posh }

public enum ContentRemovalOutcome { Removed, Refused, NoResponse }

/// <summary>Screenshot, image and video are imagery: refused where R6 or R9 forbid uploading it.</summary>
public enum EvidenceKind { WrittenRecord, Message, Document, Link, Screenshot, Image, Video }

/// <summary>
/// A decision with its rationale. <see cref="ParentsTold"/> and <see cref="ParentsNotTold"/> answer a school policy that
/// tells parents of every sharing-nudes incident (St Thomas 9.1): told, or not told because it would put the child at risk (UKCIS).
/// </summary>
public enum CaseDecision { NoFurtherAction, NotReferringToPolice, HandleInSchool, Other, ParentsTold, ParentsNotTold }

/// <summary>
/// Where something happened: a place in school or online, the platform, the URL; any of them, as the reporter knows it
/// (a private group chat has a platform and no URL). At least one is given.
/// </summary>
public sealed record Place(
    [TextLimit(TextLimits.Name)] [PersonalContent] string? Description,
    [TextLimit(TextLimits.Name)] string? Platform,
    [TextLimit(TextLimits.Url)] string? Url);

public sealed record CaseTriaged(RiskLevel Risk, [PersonalContent] string Rationale);

public sealed record CaseEscalatedToDsl([PersonalContent] string Reason);

/// <summary>
/// A referral to the police. <paramref name="ImmediateRisk"/>: made at once because a child is at immediate risk of
/// harm (KCSIE Part 4: allowed on an allegation before the harm threshold is assessed, R5), with why (R3).
/// Both are left out of the stored JSON when unset, so an ordinary referral reads as before they existed.
/// </summary>
public sealed record CaseReferredToPolice(
    [PersonalContent] string Summary,
    string? Reference,
    DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool ImmediateRisk = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] [PersonalContent] string? Rationale = null);

/// <summary>A referral to children's social care; <paramref name="ImmediateRisk"/> as for the police.</summary>
public sealed record CaseReferredToSocialCare(
    [PersonalContent] string Summary,
    string? Reference,
    DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool ImmediateRisk = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] [PersonalContent] string? Rationale = null);

public sealed record ReferralAcknowledged(Agency By, string? Reference, DateTimeOffset OccurredAt);

public sealed record ContentRemovalRequested(RemovalAskedOf From, string Url, DateTimeOffset OccurredAt);

/// <summary>The answer to the request for the content at <paramref name="Url"/> (absent in outcomes stored before each URL had its own: the one request made of them).</summary>
public sealed record ContentRemovalOutcomeRecorded(RemovalAskedOf From, ContentRemovalOutcome Outcome, DateTimeOffset OccurredAt, string? Url = null);

public sealed record MeetingHeld(Guid MeetingId, DateTimeOffset OccurredAt, [PersonalContent] ValueList<string> Attendees, [PersonalContent] string Summary);

/// <summary>Evidence as described and, for a file, its SHA-256 (the file itself is stored elsewhere).</summary>
public sealed record EvidenceRecorded(
    Guid EvidenceId,
    EvidenceKind Kind,
    [PersonalContent] string Where,
    DateTimeOffset IncidentAt,
    DateTimeOffset CapturedAt,
    [PersonalContent] string Description,
    string? Sha256);

public sealed record DecisionRecorded(CaseDecision Decision, [PersonalContent] string Details, [PersonalContent] string Rationale);

public sealed record ActionAssigned(Guid ActionId, Guid AssigneeId, [PersonalContent] string What, DateOnly? DueOn);

public sealed record ActionCompleted(Guid ActionId, [PersonalContent] string Outcome);

/// <summary>A note; <c>OccurredAt</c>: when what it records happened, where the author said (null: when it was recorded).</summary>
public sealed record NoteAdded(Guid NoteId, [PersonalContent] string Text, DateTimeOffset? OccurredAt = null);

/// <summary>R12: what a member of staff who was cyberbullied wants done about the police.</summary>
public sealed record VictimWishesRecorded(Guid VictimId, bool WantsPolice, [PersonalContent] string Notes, DateTimeOffset OccurredAt);

/// <summary>
/// Part of the record was disclosed. Records a read, not a change to the case. An export made by Casework
/// also names its format (json, csv, pdf) and the SHA-256 digest of the entries it held (ADR "timeline
/// export digest"); a share recorded by hand, and every event stored before exports existed, has neither.
/// </summary>
public sealed record TimelineShared([PersonalContent] string SharedWith, [PersonalContent] string Why, string? Format = null, string? Digest = null);

/// <summary>
/// A deadline passed unmet (issue 17, ADR 36): recorded by the check Wolverine runs at its due instant, once per deadline
/// and due (a deadline moved and missed again is a new miss), and escalated to the roles in <paramref name="EscalatedTo"/>
/// (the DSL's to the headteacher, the headteacher's to the chair; R6's to both). Escalation brings the case to them, as
/// an escalation to the DSL does: they see it from then on, unless an exclusion keeps it from them (the sight rule: the
/// subject, a headteacher for an allegation the chair manages). No personal content: which deadline, when it was due, the
/// item of content of a content-removal deadline and the roles escalated to.
/// </summary>
public sealed record DeadlineMissed(string Name, DateTimeOffset Due, string? Url, ValueList<Role> EscalatedTo)
{
    public bool Is(Deadline deadline) => Name == deadline.Name && Url == deadline.Url && Due == deadline.Due;
}

public sealed record CaseClosed([PersonalContent] string Summary, [PersonalContent] string Rationale);

public sealed record CaseReopened([PersonalContent] string Reason);

/// <summary>
/// The school's settings a case is under from <paramref name="InForceFrom"/> (ADR 32): recorded on the case when it is
/// reported, and before the first action after a change comes into force, so each deadline is counted by the settings in
/// force when its clock started, the case says which policy applied, and a rebuild reads the same. No personal content:
/// the school's settings, as approved.
/// </summary>
public sealed record SchoolPolicyApplied(int Version, DateTimeOffset InForceFrom, Casework.SchoolPolicies.SchoolSettings Settings);

/// <summary>Why a case's content was erased: an allegation found false or malicious (R8), or a retention review's decision to destroy it.</summary>
public enum ErasureReason { FalseOrMaliciousAllegation, RetentionReview }

/// <summary>How an earlier copy of the content left Casework: an export made by Casework, or a share recorded by hand.</summary>
public enum CopyKind { Export, Share }

/// <summary>
/// One earlier copy of a case's content outside Casework: who made it and when. Its recipients must be told of an
/// erasure (UK GDPR Art. 19); to whom it was given is content of the case, erased with it, so the list names who made it.
/// </summary>
public sealed record EarlierCopy(Guid By, DateTimeOffset At, CopyKind Kind);

/// <summary>
/// The case's data key was deleted (ADR 34): its personal content is unreadable for good, in its events and in every
/// document that holds a sealed copy. Keeps only the decision: which (<paramref name="DecisionId"/>), why, who decided,
/// when, and the earlier copies whose recipients the DSL must tell. No personal content: there is no key left to seal it.
/// <paramref name="PlainEvents"/>: the versions of events stored before content was sealed, whose words the deleted key
/// never held and which stay readable (ADR 28); absent when there are none.
/// </summary>
public sealed record ContentErased(
    Guid DecisionId,
    ErasureReason Reason,
    Guid DecidedBy,
    DateTimeOffset ErasedAt,
    ValueList<EarlierCopy> EarlierCopies,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValueList<long>? PlainEvents = null);
