using Casework.Cases;

namespace Casework.ParentBreaches;

/// <summary>R11: material of these kinds needs a police referral, or a reasoned decision not to refer, before closing.</summary>
public enum MaterialFlag { Threatening, Abusive, Sexist, SexualNature, Hate }

public enum Sanction
{
    /// <summary>Clarendon §6: the parent may lose the right to interact with the school's accounts.</summary>
    SchoolAccountInteractionRemoved,
    Other,
}

// TargetStaffId: a member of staff the post is about (staff cyberbullying, R12). ReportedAt: when it was
// recorded; ReceivedAt: when the school was told (deadlines count from it; absent before it existed: when recorded).
public sealed record ParentBreachReported(
    Guid ReportedBy,
    DateTimeOffset ReportedAt,
    Guid ParentId,
    ValueList<Guid> PupilIds,
    string Platform,
    string? Url,
    [PersonalContent] string WhatWasPosted,
    ValueList<MaterialFlag> Flags,
    Guid? TargetStaffId,
    DateTimeOffset OccurredAt,
    DateTimeOffset? ReceivedAt = null);

public sealed record ParentInvitedToMeeting(DateTimeOffset ProposedFor, DateTimeOffset OccurredAt);

public sealed record ParentSanctionApplied(Sanction Sanction, [PersonalContent] string Details, [PersonalContent] string Rationale, DateTimeOffset OccurredAt);
