using System.Net;
using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// An action assigned reaches its assignee (issue 15: "assigned actions go nowhere"): they find it in their actions,
/// see it on the case (what, by when, and nothing else of the case), and complete it by choosing it, not by typing an id.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class AssignedActionApiTests(ApiFixture api)
{
    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    private HttpClient Teacher => api.ClientFor(School.Teacher, "staff");

    private async Task<CaseView> ConcernReportedByAnotherTeacher() =>
        await Get(Dsl, (await Report(api.ClientFor(School.OtherTeacher, "staff"), "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year8Pupil, PupilRole.Victim)],
            OccurredAt = HoursAgo(3),
        })).Id);

    [Fact]
    public async Task Sight_an_assignee_sees_only_their_action_completes_it_and_then_sees_nothing_of_the_case()
    {
        var concern = await ConcernReportedByAnotherTeacher();
        Assert.Equal(HttpStatusCode.NotFound, (await Teacher.GetAsync($"/api/cases/{concern.Id}")).StatusCode);
        concern = await Ok(Dsl, concern, CaseActions.AssignAction,
            new AssignAction.Request(School.Teacher, "Check in with the pupil at the start of each day this week.", new DateOnly(2026, 12, 11)));

        var seen = await Get(Teacher, concern.Id);
        Assert.Equal(CaseVisibility.Assigned, seen.Visibility);
        Assert.Empty(seen.Report.EnumerateObject());
        Assert.Null(seen.Pupils);
        Assert.Null(seen.Deadlines);
        var action = Assert.Single(seen.OpenActions);
        Assert.Equal("Check in with the pupil at the start of each day this week.", action.What);
        Assert.Equal(new DateOnly(2026, 12, 11), action.DueOn);
        Assert.Equal([CaseAction.CompleteAction], seen.AllowedActions);
        Assert.Equal([CaseAction.CompleteAction], seen.NextSteps);
        Assert.Equal(concern.Version, seen.Version);

        var mine = await Teacher.GetAsync("/api/me/actions");
        Assert.Contains((await mine.Content.ReadAsync<MyActionsPage>())!.Items, a => a.CaseId == concern.Id && a.ActionId == action.Id && a.What == action.What);
        Assert.Equal(HttpStatusCode.Forbidden, (await Teacher.GetAsync($"/api/cases/{concern.Id}/timeline")).StatusCode);
        var note = await Act(Teacher, concern.Id, CaseActions.AddNote, seen.Version!.Value, new AddNote.Request("I looked at the case."));
        Assert.Equal(HttpStatusCode.Forbidden, note.StatusCode);

        var completed = await Act(Teacher, concern.Id, CaseActions.CompleteAction, seen.Version!.Value,
            new CompleteAction.Request(action.Id, "Checked in each morning; the pupil says the messages have stopped."));
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(1, await api.Stored(concern, "action-completed"));
        Assert.Equal(HttpStatusCode.NotFound, (await Teacher.GetAsync($"/api/cases/{concern.Id}")).StatusCode);
        Assert.DoesNotContain((await (await Teacher.GetAsync("/api/me/actions")).Content.ReadAsync<MyActionsPage>())!.Items, a => a.CaseId == concern.Id);
    }

    [Fact]
    public async Task Sight_the_case_view_shows_its_managers_every_open_action_so_they_complete_one_by_choosing_it()
    {
        var concern = await Ok(Dsl, await ConcernReportedByAnotherTeacher(), CaseActions.AssignAction, new AssignAction.Request(School.Teacher, "Speak to the form tutor."));
        concern = await Ok(Dsl, concern, CaseActions.AssignAction, new AssignAction.Request(School.OtherTeacher, "Speak to the class."));

        Assert.Equal(["Speak to the form tutor.", "Speak to the class."], concern.OpenActions.Select(a => a.What));
        concern = await Ok(Dsl, concern, CaseActions.CompleteAction, new CompleteAction.Request(concern.OpenActions[0].Id, "Done."));
        Assert.Equal(School.OtherTeacher, Assert.Single(concern.OpenActions).AssigneeId);
    }

    [Fact]
    public async Task R1_an_action_goes_only_to_a_member_of_staff_in_the_directory()
    {
        var concern = await ConcernReportedByAnotherTeacher();
        await Refused(api, Dsl, concern, CaseActions.AssignAction, new AssignAction.Request(Guid.NewGuid(), "Follow up."), "R1");
        await Refused(api, Dsl, concern, CaseActions.AssignAction, new AssignAction.Request(School.Year8Pupil, "Follow up."), "R1");
    }

    [Fact]
    public async Task R4_an_action_on_an_allegation_never_goes_to_its_subject()
    {
        var head = api.ClientFor(School.Headteacher, ["headteacher", "staff"]);
        var allegation = await Get(head, (await Report(api.ClientFor(School.OtherTeacher, "staff"), "/api/allegations", new ReportAllegation.Request(
            "A pupil says the teacher messaged her late at night.", HoursAgo(6), false, false, SubjectId: School.Teacher))).Id);
        allegation = await Ok(head, allegation, CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);

        await Refused(api, head, allegation, CaseActions.AssignAction, new AssignAction.Request(School.Teacher, "Hand in the school laptop."), "R4");
        Assert.Equal(HttpStatusCode.NotFound, (await Teacher.GetAsync($"/api/cases/{allegation.Id}")).StatusCode);
    }
}
