using Casework.Cases;
using Casework.Directory;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>
/// Anyone with a role reports an allegation against a member of staff (R1). It is routed at once (R4):
/// to the headteacher, or to the chair of governors when the subject holds the headteacher role. Someone the
/// directory does not hold yet (supply staff, a contractor, a volunteer: KCSIE Part 4) is added to it, as a
/// member of staff with no role but staff, by the same commit as the case: <see cref="SubjectId"/> is then the id
/// the new person gets.
/// </summary>
public sealed record ReportAllegation(
    Actor Actor,
    DateTimeOffset Now,
    Guid SubjectId,
    string Account,
    DateTimeOffset OccurredAt,
    bool IndecentImagesFound,
    bool UnsuitableMaterialFound,
    DateTimeOffset? ReceivedAt = null,
    NewStaffMember? NewSubject = null,
    ValueList<Guid>? PupilIds = null,
    string? OtherChildren = null) : ICaseCommand
{
    public CaseAction Action => CaseAction.Report;

    /// <summary>
    /// Whom it is about (<c>subjectId</c>, a member of staff in the directory, or <c>newSubject</c>, someone not
    /// in it yet: exactly one), what happened and when, when the school was told (<c>receivedAt</c>, if earlier
    /// than now: deadlines count from it), whether indecent images or other unsuitable material were found, and the
    /// children involved: <c>pupilIds</c> from the directory, <c>otherChildren</c> in words for any it does not hold.
    /// </summary>
    public sealed record Request(
        [TextLimit(TextLimits.Words)] string Account,
        DateTimeOffset OccurredAt,
        bool IndecentImagesFound,
        bool UnsuitableMaterialFound,
        Guid? SubjectId = null,
        NewStaffMember? NewSubject = null,
        DateTimeOffset? ReceivedAt = null,
        ValueList<Guid>? PupilIds = null,
        [TextLimit(TextLimits.Words)] string? OtherChildren = null) : ICaseRequest
    {
        // Someone not in the directory yet; a member of staff who is would be named by subjectId instead.
        public static Request Example { get; } = new(
            "A Year 9 pupil says the supply teacher covering PE messaged her on Instagram late at night and asked her not to tell anyone.",
            DateTimeOffset.Parse("2026-11-18T22:40:00+00:00"),
            false,
            false,
            NewSubject: NewStaffMember.Example,
            ReceivedAt: DateTimeOffset.Parse("2026-11-19T08:20:00+00:00"));

        // A new subject's id is fresh: a retry under the same Idempotency-Key is answered from the stored case
        // without deciding again, and a racing duplicate fails with its case stream, so nobody is added twice.
        // Naming nobody leaves Guid.Empty, which no directory holds: the decision refuses it (R1).
        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now)
        {
            if (SubjectId is not null && NewSubject is not null)
            {
                throw new CallerRefused(StatusCodes.Status400BadRequest,
                    "Name the subject by subjectId (in the directory) or as newSubject (not yet in it), not both.", "newSubject");
            }
            var subject = SubjectId ?? (NewSubject is null ? Guid.Empty : Guid.CreateVersion7(now));
            return new ReportAllegation(actor, now, subject, Account, OccurredAt, IndecentImagesFound, UnsuitableMaterialFound, ReceivedAt, NewSubject,
                PupilIds, string.IsNullOrWhiteSpace(OtherChildren) ? null : OtherChildren.Trim());
        }
    }

    internal IReadOnlyList<object> Decide(CaseContext context)
    {
        var receivedAt = CaseGuards.ValidReport(Account, NewSubject is not null || context.Staff.ContainsKey(SubjectId),
            ("subjectId", "Say which member of staff the allegation is about: choose them from the school's directory, or, if they are not in it, give their name and job title."),
            OccurredAt, ReceivedAt, Now);
        Require.That((PupilIds ?? []).All(context.Pupils.ContainsKey), "R1",
            "A child named is not in the school's directory: name them in words under otherChildren instead.");
        if (NewSubject is not null)
        {
            Require.Text(NewSubject.Name, "R1", "Give the name of the person the allegation is about.");
            Require.Text(NewSubject.JobTitle, "R1", "Say what the person does at the school (supply teacher, contractor, volunteer...).");
        }
        // A newcomer holds no role but staff, so is never the headteacher: the headteacher manages it.
        var managerRole = Allegation.ManagerRoleFor(SubjectId, context);
        var manager = context.HolderOf(managerRole);
        Require.That(manager is not null, "R4", managerRole == Role.ChairOfGovernors
            ? "The directory has no chair of governors to manage an allegation about the headteacher."
            : "The directory has no headteacher to manage this allegation.");
        return
        [
            .. NewSubject is { } added ? [new StaffMemberAdded(SubjectId, added.Name.Trim(), [Role.Staff], added.JobTitle.Trim())] : Array.Empty<object>(),
            new AllegationReported(Actor.Id, Now, SubjectId, Account, OccurredAt, IndecentImagesFound, UnsuitableMaterialFound, receivedAt,
                PupilIds is { Count: > 0 } pupils ? ValueList.From(pupils.Distinct()) : null, OtherChildren),
            new AllegationCaseManagerAssigned(manager!.Value, managerRole),
        ];
    }
}

/// <summary>Someone an allegation is about whom the school's directory does not hold yet: their name and what they do.</summary>
public sealed record NewStaffMember([TextLimit(TextLimits.Name)] string Name, [TextLimit(TextLimits.Name)] string JobTitle)
{
    public static NewStaffMember Example { get; } = new("Jo Bloggs", "Supply teacher (Acme Education agency)");
}
