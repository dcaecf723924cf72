using Casework.Cases;
using Casework.Http;

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

    /// <summary>The member of staff it is about, what happened and when, and whether indecent images or other unsuitable material were found.</summary>
    public sealed record Request(
        Guid SubjectId,
        [TextLimit(TextLimits.Words)] string Account,
        DateTimeOffset OccurredAt,
        bool IndecentImagesFound,
        bool UnsuitableMaterialFound) : ICaseRequest
    {
        public static Request Example { get; } = new(
            Guid.Parse("3c9d2e1f-7a6b-4c5d-8e9f-0a1b2c3d4e5f"),
            "A Year 9 pupil says the PE teacher messaged her on Instagram late at night and asked her not to tell anyone.",
            DateTimeOffset.Parse("2026-11-18T22:40:00+00:00"),
            false,
            false);

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            new ReportAllegation(actor, now, SubjectId, Account, OccurredAt, IndecentImagesFound, UnsuitableMaterialFound);
    }

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
