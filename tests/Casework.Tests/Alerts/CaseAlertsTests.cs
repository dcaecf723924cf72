using Casework.Alerts;
using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using Casework.Concerns;
using Casework.Directory;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Alerts;

/// <summary>
/// Issue 17: who is alerted of what a change records, and that every alert passes the sight rule as the case view
/// applies it (an allegation's existence never reaches its subject, nor the headteacher when the chair manages it).
/// </summary>
public sealed class CaseAlertsTests
{
    private const string Tenant = "clarendon";
    private static readonly Guid Deputy = Id(40);

    // The school's staff, with a deputy DSL: the directory holds both DSLs with the DSL's role.
    private static readonly IReadOnlyList<Person> Staff =
        [.. People.Where(p => p.Staff is not null), Person(Deputy, new StaffMemberAdded(Deputy, "Dev Deputy", [Role.Staff, Role.Dsl]))];

    private static CaseRecord Record(params object[] events) => CaseRecord.Append(null, Id(99), 0, events)!;

    private static IReadOnlyList<Alert> Alerts(CaseRecord record, object @event) =>
        [.. CaseAlerts.Address(Tenant, record, CaseAlerts.RaisedBy(record, @event), CaseContext.Of(Staff).Staff.Values, Now)];

    private static readonly ConcernReported Concern =
        new(Teacher, Now, [new PupilInvolved(Year6Pupil, PupilRole.Victim)], ConcernCategory.OnlineSafety, "a", null, Earlier, null, Now);

    private static AllegationReported Allegation(Guid subject, bool images = false) => new(Teacher, Now, subject, "a", Earlier, images, false, Now);

    [Fact]
    public void A_new_concern_alerts_the_DSL_and_every_deputy_and_no_one_else_R2()
    {
        var record = Record(Concern);
        var alerts = Alerts(record, Concern);
        Assert.Equal(new[] { Dsl, Deputy }.Order(), alerts.Select(a => a.RecipientId).Order());
        Assert.All(alerts, a => Assert.Equal((AlertKind.NewConcern, "R2", (Guid?)record.Id, (string?)null), (a.Kind, a.Rule, a.CaseId, a.RecipientEmail)));
    }

    [Fact]
    public void A_new_allegation_alerts_its_case_manager_only_never_its_subject_R4()
    {
        // The subject is a DSL: their role would address them, the sight rule drops them.
        var reported = Allegation(Deputy);
        var alerts = Alerts(Record(reported), reported);
        Assert.Equal([Head], alerts.Select(a => a.RecipientId));
        Assert.Equal(AlertKind.NewAllegation, Assert.Single(alerts).Kind);
    }

    [Fact]
    public void The_headteacher_is_never_alerted_of_an_allegation_about_the_headteacher_R4()
    {
        var reported = Allegation(Head, images: true);
        var assigned = new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors);
        var record = Record(reported, assigned);
        var missed = Assert.IsType<DeadlineMissed>(Assert.Single(DeadlineChecks.Missed(record.Case, Now.AddDays(1)), e => ((DeadlineMissed)e).Name == DeadlineNames.PoliceReferral));
        var after = CaseRecord.Append(record, record.Id, record.Version, [missed])!;

        var alerts = Alerts(record, reported).Concat(Alerts(after, missed)).ToList();

        Assert.NotEmpty(alerts);
        Assert.DoesNotContain(alerts, a => a.RecipientId == Head);
        // R6's same-day deadline escalates to the headteacher and the chair at once: only the chair may see it.
        Assert.Contains(alerts, a => a.RecipientId == Chair && a.Kind == AlertKind.DeadlineEscalated);
    }

    [Fact]
    public void Indecent_images_alert_the_case_manager_the_same_day_and_the_DSL_only_once_they_may_see_it_R6()
    {
        var reported = Allegation(Teacher, images: true);
        var record = Record(reported);
        var images = Alerts(record, reported).Where(a => a.Kind == AlertKind.IndecentImages).ToList();
        // The DSL sees an allegation only once it is escalated to them: until then the sight rule keeps it from them.
        Assert.Equal([Head], images.Select(a => a.RecipientId));
        Assert.Equal(WorkingDayCalendar.EndOfDay(Now), images[0].Due);

        var escalated = CaseRecord.Append(record, record.Id, record.Version, [new CaseEscalatedToDsl("r")])!;
        Assert.Equal(new[] { Head, Dsl, Deputy }.Order(),
            Alerts(escalated, reported).Where(a => a.Kind == AlertKind.IndecentImages).Select(a => a.RecipientId).Order());
    }

    [Fact]
    public void An_assigned_action_alerts_its_assignee_when_they_may_see_the_case_and_nobody_else()
    {
        var record = Record(Concern);
        var toDeputy = new ActionAssigned(Id(70), Deputy, "w", new DateOnly(2026, 3, 12));
        var alert = Assert.Single(Alerts(record, toDeputy));
        Assert.Equal((Deputy, AlertKind.ActionAssigned), (alert.RecipientId, alert.Kind));
        Assert.Equal(new DateTimeOffset(2026, 3, 13, 0, 0, 0, TimeSpan.Zero), alert.Due);

        // A teacher who may not see the concern is not told it exists.
        Assert.Empty(Alerts(record, new ActionAssigned(Id(71), OtherTeacher, "w", null)));
    }

    [Fact]
    public void A_missed_DSL_deadline_alerts_the_DSLs_and_escalates_to_the_headteacher()
    {
        var record = Record(Concern);
        var triage = record.Deadlines().Single(d => d.Name == DeadlineNames.DslTriage);
        var missed = Assert.IsType<DeadlineMissed>(Assert.Single(DeadlineChecks.Missed(record.Case, triage.Due)));
        var after = CaseRecord.Append(record, record.Id, record.Version, [missed])!;
        var alerts = Alerts(after, missed);
        Assert.Equal(new[] { Dsl, Deputy }.Order(), alerts.Where(a => a.Kind == AlertKind.DeadlineMissed).Select(a => a.RecipientId).Order());
        Assert.Equal([Head], alerts.Where(a => a.Kind == AlertKind.DeadlineEscalated).Select(a => a.RecipientId));
        Assert.All(alerts, a => Assert.Equal(triage.Due, a.Due));
        // Escalation brings the concern to the headteacher, who did not see it before (ADR 36).
        Assert.Equal((CaseVisibility.None, CaseVisibility.Full), (Sight.Of(record, As(Head)), Sight.Of(after, As(Head))));
    }

    [Fact]
    public void A_missed_headteacher_deadline_escalates_to_the_chair()
    {
        var reported = Allegation(Teacher);
        var record = Record(reported);
        var missed = Assert.IsType<DeadlineMissed>(Assert.Single(DeadlineChecks.Missed(record.Case, Now.AddDays(7))));
        var alerts = Alerts(CaseRecord.Append(record, record.Id, record.Version, [missed])!, missed);
        Assert.Equal([(Head, AlertKind.DeadlineMissed, "R5"), (Chair, AlertKind.DeadlineEscalated, "R5")],
            alerts.Select(a => (a.RecipientId, a.Kind, a.Rule)));
    }

    [Fact]
    public void An_alert_raised_again_has_the_same_id_and_each_recipient_their_own()
    {
        var record = Record(Concern);
        var first = Alerts(record, Concern);
        Assert.Equal(first.Select(a => a.Id), Alerts(record, Concern).Select(a => a.Id));
        Assert.Equal(first.Count, first.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public void A_deadline_missed_is_recorded_once_and_a_met_one_never()
    {
        var record = Record(Concern);
        var triage = record.Deadlines().Single(d => d.Name == DeadlineNames.DslTriage);

        Assert.Empty(DeadlineChecks.Missed(record.Case, triage.Due.AddTicks(-1)));
        var first = DeadlineChecks.Missed(record.Case, triage.Due);
        Assert.Equal([new DeadlineMissed(triage.Name, triage.Due, null, [Role.Headteacher])], first);
        var after = CaseRecord.Append(record, record.Id, record.Version, first)!;
        Assert.Empty(DeadlineChecks.Missed(after.Case, triage.Due.AddHours(1)));
        Assert.True(after.Deadlines().Single(d => d.Name == DeadlineNames.DslTriage).Missed);

        var triaged = CaseRecord.Append(record, record.Id, record.Version, [new CaseTriaged(RiskLevel.Low, "r")])!;
        Assert.Empty(DeadlineChecks.Missed(triaged.Case, triage.Due.AddHours(1)));
    }

    [Fact]
    public void A_reminder_is_sent_at_eight_in_London_on_the_day_a_deadline_ends()
    {
        // Due at the start of Thursday 12 March 2026 (GMT): the last day is Wednesday.
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 8, 0, 0, TimeSpan.Zero), DeadlineChecks.ReminderAt(new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero)));
        // British Summer Time: 08:00 in London is 07:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero), DeadlineChecks.ReminderAt(new DateTimeOffset(2026, 6, 10, 23, 0, 0, TimeSpan.Zero)));
    }
}
