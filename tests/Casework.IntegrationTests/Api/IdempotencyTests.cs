using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// API.md: an Idempotency-Key makes a retried create return the first answer without a second case. The key
/// belongs to the caller: the same key from someone else is their own, separate create. How many cases a
/// test's requests made is counted in its own <see cref="RequestTrace"/>: the streams its requests appended to.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class IdempotencyTests(ApiFixture api)
{
    // A retry sends the very same request: one body for every create of this class.
    private static readonly object Body = ConcernBody(School.Year8Pupil, DateTimeOffset.UtcNow.AddHours(-3));

    private static HttpRequestMessage Create(string? key, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/concerns") { Content = JsonContent.Create(body ?? Body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return request;
    }

    private static async Task<Guid> IdOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

    [Fact]
    public async Task The_same_key_twice_returns_the_first_answer_with_one_case_and_one_event()
    {
        var key = Guid.NewGuid().ToString();
        var trace = new RequestTrace();
        var reporter = trace.Tag(api.ClientFor(School.Teacher, Role.Staff.Name()));

        var first = await reporter.SendAsync(Create(key));
        var second = await reporter.SendAsync(Create(key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var id = await IdOf(first);
        Assert.Equal(id, await IdOf(second));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal($"/api/cases/{id}", second.Headers.Location!.OriginalString);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(1L, await trace.StreamsAsync(api));
        Assert.Equal(1L, await trace.EventsAsync(api));
        Assert.Equal(1L, await StreamEventCountAsync(api, id));
    }

    [Fact]
    public async Task A_retry_after_the_case_moved_on_still_answers_with_the_same_case_and_adds_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var reporter = api.ClientFor(School.Teacher, Role.Staff.Name());
        var id = await IdOf(await reporter.SendAsync(Create(key)));
        Assert.Equal(HttpStatusCode.OK, (await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(Triage(id))).StatusCode);

        var retried = await reporter.SendAsync(Create(key));

        Assert.True(retried.StatusCode == HttpStatusCode.Created, $"{(int)retried.StatusCode} {await retried.Content.ReadAsStringAsync()}");
        Assert.Equal(id, await IdOf(retried));
        Assert.Equal(2L, await StreamEventCountAsync(api, id));
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_422_and_records_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var reporter = api.ClientFor(School.Teacher, Role.Staff.Name());
        var id = await IdOf(await reporter.SendAsync(Create(key)));
        var trace = new RequestTrace();

        var other = await trace.Tag(reporter).SendAsync(Create(key, ConcernBody(School.Year6Pupil, DateTimeOffset.UtcNow.AddHours(-1))));

        var problem = await ProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0L, await trace.EventsAsync(api));
        Assert.Equal(1L, await StreamEventCountAsync(api, id));
    }

    [Fact]
    public async Task A_different_key_is_a_second_case()
    {
        var trace = new RequestTrace();
        var reporter = trace.Tag(api.ClientFor(School.Teacher, Role.Staff.Name()));

        var first = await reporter.SendAsync(Create(Guid.NewGuid().ToString()));
        var second = await reporter.SendAsync(Create(Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(await IdOf(first), await IdOf(second));
        Assert.Equal(2L, await trace.StreamsAsync(api));
    }

    [Fact]
    public async Task No_key_is_a_new_case_every_time()
    {
        var reporter = api.ClientFor(School.Teacher, Role.Staff.Name());

        var first = await reporter.SendAsync(Create(null));
        var second = await reporter.SendAsync(Create(null));

        Assert.NotEqual(await IdOf(first), await IdOf(second));
    }

    [Fact]
    public async Task The_same_key_from_another_user_is_their_own_case()
    {
        var key = Guid.NewGuid().ToString();
        var trace = new RequestTrace();

        var teachers = await trace.Tag(api.ClientFor(School.Teacher, Role.Staff.Name())).SendAsync(Create(key));
        var colleagues = await trace.Tag(api.ClientFor(School.OtherTeacher, Role.Staff.Name())).SendAsync(Create(key));

        Assert.Equal(HttpStatusCode.Created, colleagues.StatusCode);
        var colleaguesCase = await IdOf(colleagues);
        Assert.NotEqual(await IdOf(teachers), colleaguesCase);
        Assert.Equal(2L, await trace.StreamsAsync(api));
        // And neither learns of the other's case through the shared key.
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor(School.Teacher, Role.Staff.Name()).GetAsync($"/api/cases/{colleaguesCase}")).StatusCode);
    }

    [Fact]
    public async Task The_same_key_in_another_school_is_that_schools_case()
    {
        var key = Guid.NewGuid().ToString();

        var here = await api.ClientFor(School.Teacher, Role.Staff.Name()).SendAsync(Create(key));
        var there = await api.ClientFor(School.Teacher, Role.Staff.Name(), ApiFixture.OtherTenant).SendAsync(Create(key));

        Assert.Equal(HttpStatusCode.Created, there.StatusCode);
        Assert.NotEqual(await IdOf(here), await IdOf(there));
    }

    [Fact]
    public async Task The_same_key_for_another_kind_of_case_is_another_case_and_both_stay_readable()
    {
        var key = Guid.NewGuid().ToString();
        var reporter = api.ClientFor(School.Teacher, Role.Staff.Name());
        var concern = await IdOf(await reporter.SendAsync(Create(key)));

        var allegation = new HttpRequestMessage(HttpMethod.Post, "/api/allegations")
        {
            Content = JsonContent.Create(new
            {
                subjectId = School.OtherTeacher,
                account = "Seen messaging a pupil privately on Instagram late at night.",
                occurredAt = DateTimeOffset.UtcNow.AddDays(-1),
                indecentImagesFound = false,
                unsuitableMaterialFound = false,
            }),
            Headers = { { "Idempotency-Key", key } },
        };
        var created = await reporter.SendAsync(allegation);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var allegationId = await IdOf(created);
        Assert.NotEqual(concern, allegationId);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientFor(School.Headteacher, Role.Headteacher.Name()).GetAsync($"/api/cases/{allegationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientFor(School.Dsl, Role.Dsl.Name()).GetAsync($"/api/cases/{concern}")).StatusCode);
    }

    [Fact]
    public async Task Ten_concurrent_creates_with_one_key_make_one_case_and_all_get_it()
    {
        var key = Guid.NewGuid().ToString();
        var trace = new RequestTrace();
        var reporter = trace.Tag(api.ClientFor(School.Teacher, Role.Staff.Name()));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => reporter.SendAsync(Create(key))));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.True(statuses.All(s => s == 201), "every retry gets the first answer: " + string.Join(",", statuses));
        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            ids.Add(await IdOf(response));
        }
        Assert.Single(ids);
        Assert.Equal(1L, await trace.StreamsAsync(api));
        Assert.Equal(1L, await StreamEventCountAsync(api, ids.Single()));
    }

    [Fact]
    public async Task A_refused_create_with_a_key_can_be_corrected_and_sent_again_with_the_same_key()
    {
        var key = Guid.NewGuid().ToString();
        var reporter = api.ClientFor(School.Teacher, Role.Staff.Name());

        var refused = await reporter.SendAsync(Create(key, ConcernBody(School.Year8Pupil, DateTimeOffset.UtcNow.AddDays(2))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        var corrected = await reporter.SendAsync(Create(key));
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    // ---------------------------------------------------------------- case actions (item 10)

    private static HttpRequestMessage KeyedTriage(Guid id, string key, string risk = "medium")
    {
        var request = Triage(id, "\"1\"", risk);
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task An_action_retried_with_the_same_key_returns_the_first_answer_and_records_nothing_more()
    {
        var id = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        var key = Guid.NewGuid().ToString();

        var first = await dsl.SendAsync(KeyedTriage(id, key));
        var events = await StreamEventCountAsync(api, id);
        var second = await dsl.SendAsync(KeyedTriage(id, key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        // The same view (a case's report is stored as jsonb, so its properties may come back in another order).
        var (once, again) = (await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(once), System.Text.Json.Nodes.JsonNode.Parse(again)), $"{once}\n{again}");
        Assert.Equal(events, await StreamEventCountAsync(api, id));
    }

    [Fact]
    public async Task An_action_retried_with_the_same_key_after_the_case_moved_on_answers_at_the_version_it_made_not_409()
    {
        var id = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        var key = Guid.NewGuid().ToString();
        var first = await dsl.SendAsync(KeyedTriage(id, key));
        var note = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/add-note") { Content = JsonContent.Create(new { text = "Rang home." }) };
        note.Headers.TryAddWithoutValidation("If-Match", first.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(note)).StatusCode);
        var events = await StreamEventCountAsync(api, id);

        var retried = await dsl.SendAsync(KeyedTriage(id, key));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(first.Headers.ETag, retried.Headers.ETag);
        var view = await retried.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, view.GetProperty("version").GetInt64());
        Assert.Equal(events, await StreamEventCountAsync(api, id));
    }

    [Fact]
    public async Task An_action_key_reused_with_a_different_body_is_422_and_records_nothing()
    {
        var id = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(KeyedTriage(id, key))).StatusCode);
        var events = await StreamEventCountAsync(api, id);

        var other = await dsl.SendAsync(KeyedTriage(id, key, risk: "high"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), problem.ToString());
        Assert.Equal(events, await StreamEventCountAsync(api, id));
    }

    [Fact]
    public async Task R8_an_action_retried_after_the_allegation_became_withheld_answers_withheld_not_with_its_old_content()
    {
        var head = api.ClientFor(School.Headteacher, ["headteacher", "staff"]);
        var reported = await CaseClient.Report(api.ClientFor(School.Teacher, Role.Staff.Name()), "/api/allegations",
            new Casework.Allegations.ReportAllegation.Request("A pupil says the teacher shouted at her.", CaseClient.HoursAgo(3), false, false, SubjectId: School.OtherTeacher));
        var view = await CaseClient.Get(head, reported.Id);
        var key = Guid.NewGuid().ToString();
        var assess = () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{view.Id}/assess-harm-threshold")
            {
                Content = JsonContent.Create(new { limbsMet = Array.Empty<string>(), rationale = "No witness heard it." }),
            };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{view.Version}\"");
            request.Headers.Add("Idempotency-Key", key);
            return request;
        };
        var first = await head.SendAsync(assess());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var assessed = (await first.Content.ReadAsync<Casework.Cases.CaseView>())!;
        await CaseClient.Ok(head, assessed, CaseActions.RecordOutcome,
            new Casework.Allegations.RecordAllegationOutcome.Request(Casework.Allegations.AllegationOutcome.Malicious, "Invented."));

        var retried = await head.SendAsync(assess());

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var answer = (await retried.Content.ReadAsync<Casework.Cases.CaseView>())!;
        Assert.Equal(Casework.Cases.CaseVisibility.Withheld, answer.Visibility);
        Assert.Null(answer.Subject);
        Assert.False(answer.Report.EnumerateObject().Any());
    }
}
