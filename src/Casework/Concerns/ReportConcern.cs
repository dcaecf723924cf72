using Casework.Cases;

namespace Casework.Concerns;

/// <summary>Anyone with a role reports a concern about one or more pupils (R1).</summary>
public sealed record ReportConcern(
    Actor Actor,
    DateTimeOffset Now,
    ValueList<PupilInvolved> Pupils,
    ConcernCategory Category,
    string Account,
    Place? Where,
    DateTimeOffset OccurredAt,
    Guid? StaffVictimId) : ICaseCommand
{
    public string Action => CaseActions.Report;

    internal IReadOnlyList<object> Decide(CaseContext context)
    {
        CaseGuards.ValidReport(Account, Pupils.Count > 0 && Pupils.All(p => context.Pupils.ContainsKey(p.PupilId)), OccurredAt, Now);
        Require.That(StaffVictimId is not { } victim || context.Staff.ContainsKey(victim), "R1", "The member of staff targeted is not in the school's directory.");
        return [new ConcernReported(Actor.Id, Now, Pupils, Category, Account, Where, OccurredAt, StaffVictimId)];
    }
}
