using Casework.Cases;

namespace Casework.Allegations;

/// <summary>
/// Anyone with a role reports an allegation against a member of staff (R1). It is routed at once (R4):
/// to the headteacher, or to the chair of governors when the subject holds the headteacher role.
/// </summary>
public sealed record ReportAllegation(
    Actor Actor,
    DateTimeOffset Now,
    Guid SubjectId,
    string Account,
    DateTimeOffset OccurredAt,
    bool IndecentImagesFound,
    bool UnsuitableMaterialFound) : ICaseCommand
{
    public string Action => CaseActions.Report;

    internal IReadOnlyList<object> Decide(CaseContext context)
    {
        CaseGuards.ValidReport(Account, context.Staff.ContainsKey(SubjectId), OccurredAt, Now);
        var managerRole = context.HasRole(SubjectId, Role.Headteacher) ? Role.ChairOfGovernors : Role.Headteacher;
        var manager = context.HolderOf(managerRole);
        Require.That(manager is not null, "R4", managerRole == Role.ChairOfGovernors
            ? "The directory has no chair of governors to manage an allegation about the headteacher."
            : "The directory has no headteacher to manage this allegation.");
        return
        [
            new AllegationReported(Actor.Id, Now, SubjectId, Account, OccurredAt, IndecentImagesFound, UnsuitableMaterialFound),
            new AllegationCaseManagerAssigned(manager!.Value, managerRole),
        ];
    }
}
