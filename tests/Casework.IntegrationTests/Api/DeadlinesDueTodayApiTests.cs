using System.Net;
using Casework.Alerts;
using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using Casework.Concerns;
using Casework.Registers;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Issue 17, item 5: what the console's Today needs of deadlines. GET /api/me/due-today lists the caller's deadlines
/// that end today, as the morning's reminders told them (whose they are, and through the sight rule); the overdue
/// register says whom a missed deadline was escalated to. A service of its own (<see cref="AlertFixture"/>), whose clock
/// stands in a school day's hours so that a deadline in working days can end today whatever day the tests run on.
/// </summary>
public sealed class DeadlinesDueTodayApiTests : IClassFixture<AlertFixture>
{
    private readonly AlertFixture _fixture;

    public DeadlinesDueTodayApiTests(AlertFixture fixture)
    {
        _fixture = fixture;
        Api.Clock.AdvanceToSchoolHours();
    }

    private ApiFixture Api => _fixture.Api;

    private HttpClient As(Guid user, params string[] roles) => Api.ClientFor(user, roles);

    private HttpClient Dsl => As(School.Dsl, "dsl", "staff");

    private HttpClient Head => As(School.Headteacher, "headteacher", "staff");

    private DateOnly Today => WorkingDayCalendar.LocalDate(Api.Clock.GetUtcNow());

    // 10:00 in London on the working day before today: a deadline of one working day from then ends today.
    private DateTimeOffset TheSchoolDayBefore()
    {
        var day = Today.AddDays(-1);
        while (!WorkingDayCalendar.EnglandAndWales.IsWorkingDay(day))
        {
            day = day.AddDays(-1);
        }
        return WorkingDayCalendar.StartOf(day).AddHours(10);
    }

    private Task<CaseView> ConcernToldAsync(DateTimeOffset told) =>
        Report(As(School.Teacher, "staff"), "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year6Pupil, PupilRole.Victim)], OccurredAt = told.AddHours(-1), ReceivedAt = told,
        });

    private Task<CaseView> AllegationWithImagesAsync(Guid subject) =>
        Report(As(School.Teacher, "staff"), "/api/allegations", ReportAllegation.Request.Example with
        {
            SubjectId = subject, NewSubject = null, IndecentImagesFound = true, UnsuitableMaterialFound = false, PupilIds = [School.Year8Pupil],
            OccurredAt = Api.Clock.GetUtcNow().AddHours(-2), ReceivedAt = null,
        });

    private static async Task<List<MyDeadline>> DueTodayAsync(HttpClient client, int limit = 200)
    {
        var all = new List<MyDeadline>();
        string? after = null;
        do
        {
            var response = await client.GetAsync($"/api/me/due-today?limit={limit}{(after is null ? "" : $"&after={after}")}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadAsync<MyDeadlinesPage>())!;
            Assert.True(page.Items.Select(d => d.CaseId).Distinct().Count() <= limit, "a page holds at most limit cases");
            all.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        return all;
    }

    private static async Task<List<OverdueRow>> OverdueAsync(HttpClient client) =>
        (await (await client.GetAsync($"/api/registers/{CaseRegisters.Overdue}?limit=200")).Content.ReadAsync<RegisterPage<OverdueRow>>())!.Items.ToList();

    [Fact]
    public async Task A_triage_ending_today_is_due_today_for_the_DSL_and_deputies_its_reminder_went_to_and_for_nobody_else()
    {
        var concern = await ConcernToldAsync(TheSchoolDayBefore());

        // Its morning has come: the reminder went at once, to the DSL and the deputy.
        var alerts = await _fixture.Inbox.WaitAsync(concern.Id, a => a.Count(x => x.Kind == AlertKind.DeadlineReminder) == 2);
        var reminded = alerts.Where(a => a.Kind == AlertKind.DeadlineReminder).Select(a => a.RecipientId).Order().ToList();
        Assert.Equal(new[] { School.Dsl, AlertFixture.Deputy }.Order(), reminded);

        var triage = (await Get(Dsl, concern.Id)).Deadlines!.Single(d => d.Name == DeadlineNames.DslTriage);
        foreach (var reader in new[] { Dsl, As(AlertFixture.Deputy, "dsl", "staff") })
        {
            var due = Assert.Single(await DueTodayAsync(reader), d => d.CaseId == concern.Id);
            Assert.Equal(("concern", DeadlineNames.DslTriage, Today, (string?)null, (RiskLevel?)null), (due.Kind, due.Deadline.Name, due.Deadline.EndsOn, due.Rule, due.Risk));
            Assert.Equal((triage.Due, false, false), (due.Deadline.Due, due.Deadline.Satisfied, due.Deadline.Overdue));
            Assert.Equal([new PersonName(School.Year6Pupil, "Priya Six")], due.People);
        }
        // Not theirs, or not a case they see: the head, the chair, the teacher who reported it.
        foreach (var reader in new[] { Head, As(School.Chair, "chair-of-governors"), As(School.Teacher, "staff"), As(School.Auditor, "auditor") })
        {
            Assert.DoesNotContain(await DueTodayAsync(reader), d => d.CaseId == concern.Id);
        }

        // Triaged, it is no longer due.
        var triaged = await Ok(Dsl, await Get(Dsl, concern.Id), CaseActions.Triage, TriageCase.Request.Example);
        Assert.DoesNotContain(await DueTodayAsync(Dsl), d => d.CaseId == triaged.Id);
    }

    [Fact]
    public async Task R6_the_same_day_referrals_are_due_today_for_the_case_manager_and_never_for_the_subject_nor_a_head_the_chair_stands_in_for_R4()
    {
        var aboutTeacher = await AllegationWithImagesAsync(School.OtherTeacher);
        var aboutHead = await AllegationWithImagesAsync(School.Headteacher);

        var headsDue = await DueTodayAsync(Head);
        Assert.Equal([DeadlineNames.LadoReferral, DeadlineNames.PoliceReferral],
            headsDue.Where(d => d.CaseId == aboutTeacher.Id).Select(d => d.Deadline.Name).Order());
        Assert.All(headsDue.Where(d => d.CaseId == aboutTeacher.Id), d => Assert.Equal(("R6", Today), (d.Rule, d.Deadline.EndsOn)));
        Assert.DoesNotContain(headsDue, d => d.CaseId == aboutHead.Id);
        Assert.Equal(2, (await DueTodayAsync(As(School.Chair, "chair-of-governors"))).Count(d => d.CaseId == aboutHead.Id));

        // The subject, even holding auditor, and the DSL, whose deadlines these are not, see none.
        Assert.DoesNotContain(await DueTodayAsync(As(School.OtherTeacher, "staff", "auditor")), d => d.CaseId == aboutTeacher.Id);
        Assert.DoesNotContain(await DueTodayAsync(Dsl), d => d.CaseId == aboutTeacher.Id || d.CaseId == aboutHead.Id);
    }

    [Fact]
    public async Task A_page_is_filled_past_cases_whose_deadlines_have_all_passed_and_is_paged_by_case_soonest_due_first()
    {
        var missed = await ConcernToldAsync(Api.Clock.GetUtcNow().AddDays(-14));
        var first = await ConcernToldAsync(TheSchoolDayBefore());
        var second = await ConcernToldAsync(TheSchoolDayBefore());

        var pages = await DueTodayAsync(Dsl, limit: 1);
        Assert.DoesNotContain(pages, d => d.CaseId == missed.Id);
        Assert.Contains(pages, d => d.CaseId == first.Id);
        Assert.Contains(pages, d => d.CaseId == second.Id);
        Assert.Equal(pages.Select(d => d.Deadline.Due).Order(), pages.Select(d => d.Deadline.Due));
        Assert.Equal(HttpStatusCode.BadRequest, (await Dsl.GetAsync($"/api/me/due-today?after={first.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_missed_triage_is_in_the_overdue_register_saying_it_was_escalated_to_the_headteacher_who_sees_it_there_and_the_chair_does_not()
    {
        var missed = await ConcernToldAsync(Api.Clock.GetUtcNow().AddDays(-7));

        foreach (var reader in new[] { Dsl, Head })
        {
            var row = Assert.Single(await OverdueAsync(reader), r => r.CaseId == missed.Id);
            Assert.Equal((DeadlineNames.DslTriage, true), (row.Deadline, row.MissedRecorded));
            Assert.Equal([Role.Headteacher], row.EscalatedTo);
        }
        Assert.DoesNotContain(await OverdueAsync(As(School.Chair, "chair-of-governors")), r => r.CaseId == missed.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(School.Teacher, "staff").GetAsync($"/api/registers/{CaseRegisters.Overdue}")).StatusCode);
    }
}
