using Casework.Cases;
using Casework.Http;

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
    Guid? StaffVictimId,
    DateTimeOffset? ReceivedAt = null) : ICaseCommand
{
    public CaseAction Action => CaseAction.Report;

    /// <summary>
    /// What the reporter saw or heard: the pupils and their part in it, where and when it happened, and when the
    /// school was told (<c>receivedAt</c>, if earlier than now: deadlines count from it).
    /// </summary>
    public sealed record Request(
        ValueList<PupilInvolved> Pupils,
        ConcernCategory Category,
        [TextLimit(TextLimits.Words)] string Account,
        DateTimeOffset OccurredAt,
        Place? Where = null,
        Guid? StaffVictimId = null,
        DateTimeOffset? ReceivedAt = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            [new PupilInvolved(Guid.Parse("0b7e9f6c-3d4a-4e1b-9a53-2f1c8d7e6a51"), PupilRole.Victim)],
            ConcernCategory.Cyberbullying,
            "Pupil showed me messages from classmates in a group chat calling her names and telling her to leave the school.",
            DateTimeOffset.Parse("2026-11-20T19:30:00+00:00"),
            new Place("Class group chat", "WhatsApp", null));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            new ReportConcern(actor, now, Pupils, Category, Account, Where, OccurredAt, StaffVictimId, ReceivedAt);
    }

    internal IReadOnlyList<object> Decide(CaseContext context)
    {
        var receivedAt = CaseGuards.ValidReport(Account, Pupils.Count > 0 && Pupils.All(p => context.Pupils.ContainsKey(p.PupilId)),
            ("pupils", "Choose the pupils the concern is about, from the school's directory."), OccurredAt, ReceivedAt, Now);
        Require.That(StaffVictimId is not { } victim || context.Staff.ContainsKey(victim), "R1", "The member of staff targeted is not in the school's directory.");
        if (Where is { } where && new[] { where.Description, where.Platform, where.Url }.All(string.IsNullOrWhiteSpace))
        {
            throw new RuleViolation("R1", "Say where it happened: a description, the platform or the web address, or leave where out.", "where");
        }
        Recorded(context.School.SettingsAt(Now), Category);
        return [new ConcernReported(Actor.Id, Now, Pupils, Category, Account, Where, OccurredAt, StaffVictimId, receivedAt)];
    }

    /// <summary>
    /// S7: a concern or a disclosure is recorded under a category the school records (ADR 32), or "other"; the refusal
    /// names the request's <c>category</c>.
    /// </summary>
    internal static void Recorded(SchoolPolicies.SchoolSettings school, ConcernCategory category)
    {
        if (!school.Records(category))
        {
            throw new RuleViolation("S7", "The school records concerns under: " + string.Join(", ", school.RecordedCategories.Select(c => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(c.ToString())))
                + ". Choose one of them, or other.", "category");
        }
    }
}
