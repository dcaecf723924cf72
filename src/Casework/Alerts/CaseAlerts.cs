using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using Casework.Concerns;
using Casework.Directory;
using Casework.Disclosures;
using Casework.Registers;
using Marten;
using Marten.Linq.MatchesSql;
using Wolverine;

namespace Casework.Alerts;

/// <summary>
/// Who is told of what a change to a case records (issue 17, ADR 36): a new concern or disclosure (the DSL and deputies:
/// every member of staff the directory holds as a DSL), a new allegation (its case manager only, R4), indecent images
/// (R6: the DSL and the case manager, the same day), an action assigned (its assignee), a missed deadline (whose it was,
/// and its escalation). Each alert goes to one member of staff, through the outbox of the change's own transaction,
/// and only to someone who may see the case as the case view decides (<see cref="Sight"/>): an allegation's existence
/// never reaches its subject, nor the headteacher when the chair manages it.
/// </summary>
public static class CaseAlerts
{
    /// <summary>
    /// After an append to a case (its report included): its new or moved deadlines scheduled, and the alerts its
    /// events raise published, in the session's transaction (the session is enrolled in <paramref name="outbox"/>).
    /// </summary>
    public static async Task FollowAsync(IDocumentSession session, CaseRecord? before, CaseRecord after, IReadOnlyList<object> events,
        DateTimeOffset now, IMessageBus outbox, AlertSettings settings, CaseContext context, CancellationToken ct)
    {
        var tenant = session.TenantId;
        await DeadlineChecks.ScheduleAsync(outbox, tenant, before, after, now);
        var raised = events.SelectMany(e => RaisedBy(after, e)).ToList();
        if (raised.Count > 0)
        {
            await PublishAsync(session, outbox, settings, after, raised, now, ct, context);
        }
    }

    /// <summary>
    /// One alert to be addressed: its kind and rule, the deadline it is about, the roles and people it goes to, and what
    /// makes it this alert (<paramref name="About"/>), from which, with the case and the recipient, its stable id derives.
    /// </summary>
    public sealed record Raised(AlertKind Kind, string Rule, DateTimeOffset? Due, IReadOnlyList<Role> Roles, IReadOnlyList<Guid> People, string About);

    /// <summary>The alerts one event raises on the case as it stands after the change.</summary>
    public static IReadOnlyList<Raised> RaisedBy(CaseRecord record, object @event) => @event switch
    {
        ConcernReported => [new(AlertKind.NewConcern, "R2", null, [Role.Dsl], [], "")],
        DisclosureRecorded => [new(AlertKind.NewDisclosure, "R2", null, [Role.Dsl], [], "")],
        AllegationReported e => [new(AlertKind.NewAllegation, "R4", null, Owners(record.Case), [], ""), .. e.IndecentImagesFound ? IndecentImages(record) : []],
        // R4 re-routed it (the directory changed who is the headteacher): its new case manager is told, as of a new one.
        AllegationCaseManagerAssigned { Reason: not null } e => [new(AlertKind.NewAllegation, "R4", null, [e.As], [], $"routed-{record.Version}")],
        AllegationMaterialFound { IndecentImages: true } => IndecentImages(record),
        ActionAssigned e => [new(AlertKind.ActionAssigned, ManagingRule(record), e.DueOn is { } day ? WorkingDayCalendar.StartOf(day.AddDays(1)) : null,
            [], [e.AssigneeId], e.ActionId.ToString())],
        DeadlineMissed e => Missed(record, e),
        _ => [],
    };

    /// <summary>A deadline's reminder, on the morning of the day it is due: to whose deadline it is.</summary>
    public static Raised Reminder(CaseRecord record, Deadline deadline) =>
        new(AlertKind.DeadlineReminder, RuleOf(record, deadline.Name), deadline.Due, Owners(record.Case), [], About(deadline.Name, deadline.Url, deadline.Due));

    /// <summary>
    /// Whose a case's deadlines are: an allegation's are its case manager's (R4), every other kind's the DSL's (R2; a
    /// parent's breach is the DSL's and the headteacher's to manage, and the DSL's deadlines escalate to the headteacher).
    /// </summary>
    public static IReadOnlyList<Role> Owners(Case @case) => @case is AllegationCase a ? [a.State.ManagerRole] : [Role.Dsl];

    /// <summary>
    /// Who a missed deadline is escalated to: the DSL's to the headteacher, the headteacher's to the chair of governors;
    /// R6's same-day referrals to both at once. Nobody in the school stands above the chair: their missed deadline
    /// alerts them and shows in the overdue register.
    /// </summary>
    public static IReadOnlyList<Role> EscalatedTo(Case @case, string deadline) => @case switch
    {
        AllegationCase { State.IndecentImages: true } when deadline is DeadlineNames.PoliceReferral or DeadlineNames.LadoReferral =>
            [Role.Headteacher, Role.ChairOfGovernors],
        _ => [.. Owners(@case).SelectMany(owner => owner switch
        {
            Role.Dsl => [Role.Headteacher],
            Role.Headteacher => new[] { Role.ChairOfGovernors },
            _ => [],
        })],
    };

    private static IReadOnlyList<Raised> Missed(CaseRecord record, DeadlineMissed e)
    {
        var rule = RuleOf(record, e.Name);
        var about = About(e.Name, e.Url, e.Due);
        // R15: a referral children's social care has not acknowledged is followed up; every other deadline was missed.
        var kind = e.Name == DeadlineNames.SocialCareAcknowledgement ? AlertKind.AcknowledgementOverdue : AlertKind.DeadlineMissed;
        return [new(kind, rule, e.Due, Owners(record.Case), [], about), new(AlertKind.DeadlineEscalated, rule, e.Due, e.EscalatedTo, [], about)];
    }

    // R6: the police and the LADO the same day; told to the DSL and the case manager, each only if they may see the case.
    private static IReadOnlyList<Raised> IndecentImages(CaseRecord record) =>
        record.Deadlines().FirstOrDefault(d => d.Name == DeadlineNames.PoliceReferral) is { } police
            ? [new(AlertKind.IndecentImages, "R6", police.Due, [Role.Dsl, .. Owners(record.Case)], [], police.Due.ToString("O"))]
            : [];

    // The rule a deadline keeps; the DSL's triage is the school's own deadline, set under S2.
    private static string RuleOf(CaseRecord record, string deadline) => CaseRegisters.RuleOf(record, deadline) ?? "S2";

    // The rule under which the case is managed, as a refused action names it.
    private static string ManagingRule(CaseRecord record) => record.Case switch
    {
        AllegationCase => "R4",
        ParentBreachCase => "ROLES",
        _ => "R2",
    };

    private static string About(string name, string? url, DateTimeOffset due) => $"{name}|{url}|{due.ToUniversalTime():O}";

    /// <summary>
    /// The directory's staff holding the roles (parameter 2; the DSL's deputies hold the DSL's role) and the people named
    /// (parameter 1), within the school: through the school's index of who manages cases and the primary key, never the
    /// whole directory (RegisterQueryPlanTests).
    /// </summary>
    public const string RecipientsSql =
        "(d.data -> 'staff') is not null and (d.id = any(?) or (d.manages_cases and exists (select 1 from jsonb_array_elements_text(d.data -> 'staff' -> 'roles') r where r = any(?))))";

    /// <summary>
    /// Addresses <paramref name="raised"/> to the members of staff it names (by role, from the directory, and by id),
    /// keeps only those who may see <paramref name="record"/> as the case view decides, and publishes one alert to each
    /// on every channel the school has configured (<see cref="DeliverAlertHandler.PublishAsync"/>). The staff come from
    /// the <paramref name="context"/> the change was decided in when it holds them all (its load reads everyone who
    /// manages cases, and the people the case and the request name): no second load; otherwise from the directory.
    /// </summary>
    public static async Task PublishAsync(IQuerySession session, IMessageBus outbox, AlertSettings settings, CaseRecord record, IReadOnlyList<Raised> raised,
        DateTimeOffset now, CancellationToken ct, CaseContext? context = null)
    {
        var named = raised.SelectMany(r => r.People).Distinct().ToArray();
        IEnumerable<StaffFacts> staff = context is { } known && named.All(known.Staff.ContainsKey)
            ? known.Staff.Values
            : CaseContext.Of(await session.Query<Person>()
                .Where(p => p.MatchesSql(RecipientsSql, named, raised.SelectMany(r => r.Roles).Distinct().Select(RoleNames.Name).ToArray()))
                .ToListAsync(ct)).Staff.Values;
        foreach (var alert in Address(session.TenantId, record, raised, staff, now))
        {
            await DeliverAlertHandler.PublishAsync(outbox, alert, settings);
        }
    }

    /// <summary>One alert per raised alert and recipient who may see the case; none to anyone who may not.</summary>
    public static IEnumerable<Alert> Address(string tenant, CaseRecord record, IReadOnlyList<Raised> raised, IEnumerable<StaffFacts> staff, DateTimeOffset now)
    {
        var present = staff.Where(p => !p.HasLeft).ToList();
        foreach (var r in raised)
        {
            foreach (var person in present.Where(p => p.Roles.Any(r.Roles.Contains) || r.People.Contains(p.Id)))
            {
                // The sight rule, as the case view applies it, with the roles the directory gives them.
                if (Sight.Of(record, new Actor(person.Id, person.Roles)) == CaseVisibility.None)
                {
                    continue;
                }
                // RecipientEmail: null; the member of staff's work address is the directory's, resolved where alerts are
                // delivered, so an alert raised now reaches the address they have when it is sent.
                yield return new Alert(IdOf(tenant, record.Id, r, person.Id), tenant, person.Id, null, r.Kind, r.Rule, record.Id, r.Due, now);
            }
        }
    }

    /// <summary>The alert's stable id: the same case, kind, subject and recipient raise the same id, so a receiver drops a repeat.</summary>
    public static Guid IdOf(string tenant, Guid caseId, Raised raised, Guid recipient) =>
        CaseService.DerivedId($"alert|{tenant}|{caseId}|{raised.Kind}|{raised.About}|{recipient}");
}
