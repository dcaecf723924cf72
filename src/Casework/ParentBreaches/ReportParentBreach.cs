using Casework.Cases;

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
    DateTimeOffset OccurredAt) : ICaseCommand
{
    public string Action => CaseActions.Report;

    internal IReadOnlyList<object> Decide(CaseContext context)
    {
        CaseGuards.ValidReport(WhatWasPosted, context.Parents.Contains(ParentId), OccurredAt, Now);
        Require.Text(Platform, "R13", "Say on which site or platform it was posted.");
        Require.That(TargetStaffId is not { } target || context.Staff.ContainsKey(target), "R1", "The member of staff targeted is not in the school's directory.");
        return [new ParentBreachReported(Actor.Id, Now, ParentId, PupilIds, Platform, Url, WhatWasPosted, ValueList.From(Flags.Distinct().Order()), TargetStaffId, OccurredAt)];
    }
}
