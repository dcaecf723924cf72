using System.Net;
using System.Net.Http.Json;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

public sealed class ConcernApiTests(ApiFixture api) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => School.SeedAsync(api);

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Concern(Guid pupil) => new
    {
        pupils = new[] { new { pupilId = pupil, role = "victim" } },
        category = "cyberbullying",
        account = "Messages in a group chat telling her to leave the school.",
        occurredAt = DateTimeOffset.UtcNow.AddHours(-3),
    };

    private async Task<CaseView> Report()
    {
        var response = await api.ClientFor(School.Teacher, "staff").PostAsJsonAsync("/api/concerns", Concern(School.Year8Pupil));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadAsync<CaseView>())!;
    }

    [Fact]
    public async Task R1_anyone_reports_a_concern_and_gets_201_with_location_and_etag()
    {
        var response = await api.ClientFor(School.Teacher, "staff").PostAsJsonAsync("/api/concerns", Concern(School.Year8Pupil));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadAsync<CaseView>())!;
        Assert.Equal($"/api/cases/{view.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal(CaseVisibility.OwnReport, view.Visibility);
    }

    [Fact]
    public async Task R2_the_dsl_triages_at_the_version_read()
    {
        var concern = await Report();
        var dsl = api.ClientFor(School.Dsl, "dsl");

        var triage = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{concern.Id}/triage")
        {
            Content = JsonContent.Create(new { risk = "medium", rationale = "Peers named; parents to be told." }),
            Headers = { { "If-Match", "\"1\"" } },
        };
        var response = await dsl.SendAsync(triage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        Assert.Equal(2, (await response.Content.ReadAsync<CaseView>())!.Version);
    }

    [Fact]
    public async Task A_stale_if_match_is_409_and_records_nothing()
    {
        var concern = await Report();
        var dsl = api.ClientFor(School.Dsl, "dsl");
        await Triage(dsl, concern.Id, "\"1\"", "low");

        var stale = await Triage(dsl, concern.Id, "\"1\"", "high");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(2L, await api.ScalarAsync<long>($"select version from streams where stream_id = 'concern-{concern.Id}'"));
    }

    [Fact]
    public async Task R3_a_triage_without_rationale_is_422_naming_the_rule()
    {
        var concern = await Report();

        var response = await Triage(api.ClientFor(School.Dsl, "dsl"), concern.Id, "\"1\"", "high", rationale: " ");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("R3", (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["rule"].ToString());
    }

    private static Task<HttpResponseMessage> Triage(HttpClient client, Guid id, string ifMatch, string risk, string rationale = "Because.") =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/triage")
        {
            Content = JsonContent.Create(new { risk, rationale }),
            Headers = { { "If-Match", ifMatch } },
        });
}
