using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Allegations;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// KCSIE Part 4: an allegation about someone not in the directory yet (supply staff, a contractor, a volunteer)
/// names them; the same commit adds them to the directory, R4 routes and hides the case as for anyone.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class AllegationSubjectApiTests(ApiFixture api)
{
    private HttpClient Head => api.ClientFor(School.Headteacher, ["headteacher", "staff"]);

    private static ReportAllegation.Request About(NewStaffMember subject) => ReportAllegation.Request.Example with
    {
        NewSubject = subject,
        OccurredAt = HoursAgo(5),
        ReceivedAt = null,
    };

    private static NewStaffMember Someone() => new($"Sam Supply {Guid.NewGuid():N}", "Supply teacher (Acme Education)");

    private Task<long> PeopleNamed(string name) =>
        api.ScalarAsync<long>($"select count(*) from mt_doc_person where data->'staff'->>'name' = '{name}' and data->'staff'->>'jobTitle' = 'Supply teacher (Acme Education)'");

    [Fact]
    public async Task R4_an_allegation_about_someone_not_in_the_directory_adds_them_goes_to_the_headteacher_and_is_hidden_from_them()
    {
        var subject = Someone();
        var reported = await Report(api.ClientFor(School.Teacher, "staff"), "/api/allegations", About(subject));

        var view = await Get(Head, reported.Id);
        Assert.Equal("headteacher", view.ManagedBy);
        Assert.NotNull(view.Subject);
        Assert.Equal(1, await PeopleNamed(subject.Name));
        Assert.Equal(1, await api.ScalarAsync<long>($"select count(*) from mt_doc_person where id = '{view.Subject}'"));
        // Should they ever hold an account (the same id), they still cannot see it.
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor(view.Subject!.Value, ["staff", "dsl"]).GetAsync($"/api/cases/{view.Id}")).StatusCode);
        // The case acts on the new subject like any other: the head assesses it.
        await Ok(Head, view, CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);
    }

    [Fact]
    public async Task R14_a_report_retried_with_its_idempotency_key_adds_the_new_subject_once()
    {
        var subject = Someone();
        var reporter = api.ClientFor(School.Teacher, "staff");
        var key = Guid.NewGuid().ToString();
        var body = About(subject);

        var ids = new List<Guid>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var response = await reporter.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/allegations")
            {
                Content = JsonContent.Create(body, options: Casework.Http.CaseworkJson.Options),
                Headers = { { "Idempotency-Key", key } },
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(1, await PeopleNamed(subject.Name));
    }

    [Fact]
    public async Task A_subject_named_both_by_id_and_as_someone_new_is_400_naming_new_subject()
    {
        var response = await api.ClientFor(School.Teacher, "staff").PostAsync("/api/allegations",
            JsonContent.Create(About(Someone()) with { SubjectId = School.OtherTeacher }, options: Casework.Http.CaseworkJson.Options));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("newSubject", out _));
    }

    [Fact]
    public async Task R1_a_report_naming_no_subject_is_refused() =>
        await ReportRefused(api.ClientFor(School.Teacher, "staff"), "/api/allegations", About(Someone()) with { NewSubject = null }, "R1");

    [Fact]
    public async Task R1_someone_new_without_a_job_title_is_refused_and_not_added()
    {
        var subject = Someone() with { JobTitle = " " };

        await ReportRefused(api.ClientFor(School.Teacher, "staff"), "/api/allegations", About(subject), "R1");
        Assert.Equal(0, await api.ScalarAsync<long>($"select count(*) from mt_doc_person where data->'staff'->>'name' = '{subject.Name}'"));
    }
}
