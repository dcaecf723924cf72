using Casework.Cases;
using Casework.Http;

namespace Casework.ParentBreaches;

/// <summary>Anyone with a role reports a parent's post that breaks the social-media code (R1).</summary>
public sealed record ReportParentBreach(
    Actor Actor,
    DateTimeOffset Now,
    Guid ParentId,
    ValueList<Guid> PupilIds,
    string Platform,
    string? Url,
    string WhatWasPosted,
    ValueList<MaterialFlag> Flags,
    Guid? TargetStaffId,
    DateTimeOffset OccurredAt,
    DateTimeOffset? ReceivedAt = null) : ICaseCommand
{
    public CaseAction Action => CaseAction.Report;

    /// <summary>
    /// Which parent posted what, where and when, the pupils it concerns, what kind of material it is, any member of
    /// staff it targets, and when the school was told (<c>receivedAt</c>, if earlier than now: deadlines count from it).
    /// </summary>
    public sealed record Request(
        Guid ParentId,
        ValueList<Guid> PupilIds,
        [TextLimit(TextLimits.Name)] string Platform,
        [TextLimit(TextLimits.Words)] string WhatWasPosted,
        ValueList<MaterialFlag> Flags,
        DateTimeOffset OccurredAt,
        [TextLimit(TextLimits.Url)] string? Url = null,
        Guid? TargetStaffId = null,
        DateTimeOffset? ReceivedAt = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            Guid.Parse("7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928"),
            [Guid.Parse("0b7e9f6c-3d4a-4e1b-9a53-2f1c8d7e6a51")],
            "Facebook",
            "In the parents' group: 'Mr T. is a danger to our kids and someone should sort him out.'",
            [MaterialFlag.Threatening, MaterialFlag.Abusive],
            DateTimeOffset.Parse("2026-11-18T21:12:00+00:00"),
            "https://www.facebook.com/groups/clarendonparents/posts/1029384756",
            Guid.Parse("3c9d2e1f-7a6b-4c5d-8e9f-0a1b2c3d4e5f"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            new ReportParentBreach(actor, now, ParentId, PupilIds, Platform, Url, WhatWasPosted, Flags, TargetStaffId, OccurredAt, ReceivedAt);
    }

    internal IReadOnlyList<object> Decide(CaseContext context)
    {
        var receivedAt = CaseGuards.ValidReport(WhatWasPosted, context.Parents.Contains(ParentId),
            ("parentId", "Choose the parent who posted it, from the school's directory."), OccurredAt, ReceivedAt, Now);
        Require.Text(Platform, "R13", "Say on which site or platform it was posted.");
        Require.That(PupilIds.All(context.Pupils.ContainsKey), "R1", "A pupil named is not in the school's directory.");
        Require.That(TargetStaffId is not { } target || context.Staff.ContainsKey(target), "R1", "The member of staff targeted is not in the school's directory.");
        return [new ParentBreachReported(Actor.Id, Now, ParentId, PupilIds, Platform, Url, WhatWasPosted, ValueList.From(Flags.Distinct().Order()), TargetStaffId, OccurredAt, receivedAt)];
    }
}
