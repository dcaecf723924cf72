using System.Net;
using System.Net.Http.Json;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// The tests that prove "nothing was stored" count within a <see cref="RequestTrace"/>. That proof is only as
/// good as the stamping: every way the API writes an event or an access-log row must carry the request's trace,
/// or a count of zero would prove nothing.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class RequestTraceTests(ApiFixture api)
{
    [Fact]
    public async Task Every_kind_of_write_is_stamped_with_the_trace_of_the_request_that_made_it()
    {
        var report = new RequestTrace();
        var created = await report.Tag(api.ClientFor(School.Teacher, Role.Staff.Name()))
            .SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/concerns") { Content = JsonContent.Create(ConcernBody(School.Year8Pupil)), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((1L, 1L, 0L), (await report.EventsAsync(api), await report.StreamsAsync(api), await report.ReadsAsync(api)));
        var concern = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        var allegation = new RequestTrace();
        Assert.Equal(HttpStatusCode.Created, (await allegation.Tag(api.ClientFor(School.Teacher, Role.Staff.Name())).PostAsJsonAsync("/api/allegations", new
        {
            subjectId = School.OtherTeacher,
            account = "Seen messaging a pupil privately on Instagram late at night.",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            indecentImagesFound = false,
            unsuitableMaterialFound = false,
        })).StatusCode);
        Assert.Equal(2L, await allegation.EventsAsync(api)); // reported, and routed to its manager

        var act = new RequestTrace();
        Assert.Equal(HttpStatusCode.OK, (await act.Tag(api.ClientFor(School.Dsl, Role.Dsl.Name())).SendAsync(Triage(concern))).StatusCode);
        // The action's event, stamped with the trace, is the record of who acted and saw the case: no access-log row (ADR 19).
        Assert.Equal((1L, 0L), (await act.EventsAsync(api), await act.ReadsAsync(api)));

        var reads = new RequestTrace();
        var dsl = reads.Tag(api.ClientFor(School.Dsl, Role.Dsl.Name()));
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync($"/api/cases/{concern}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync($"/api/cases/{concern}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync("/api/cases?kind=concern&limit=1")).StatusCode);
        Assert.Equal((0L, 3L), (await reads.EventsAsync(api), await reads.ReadsAsync(api)));

        var directory = new RequestTrace();
        var admin = directory.Tag(api.ClientFor(School.Admin, Role.Admin.Name()));
        var starter = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/directory/staff/{starter}", new { name = "Nell Starter", roles = new[] { "staff" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/directory/import", new
        {
            people = new[] { new { id = Guid.NewGuid(), pupil = new { name = "Ivy Import", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12), yearGroup = 7 } } },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/directory/staff/{starter}")).StatusCode);
        Assert.Equal((3L, 2L), (await directory.EventsAsync(api), await directory.StreamsAsync(api)));
    }
}
