using System.Net;
using System.Text.Json;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Item 8: <c>asOf</c> answers as the school knew it then, so it cannot be in the future: every read that takes it
/// refuses a later instant with a 400 naming asOf (one check, Http/AsOf), as the registers do, and logs no read.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class FutureAsOfTests(ApiFixture api)
{
    private static readonly string Tomorrow = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));

    [Theory]
    [InlineData("/api/cases/{0}?asOf={1}")]
    [InlineData("/api/cases/{0}/timeline?asOf={1}")]
    [InlineData("/api/cases/{0}/timeline?format=csv&sharedWith=LADO&why=Strategy%20meeting.&asOf={1}")]
    [InlineData("/api/cases/{0}/timeline?format=pdf&sharedWith=LADO&why=Strategy%20meeting.&asOf={1}")]
    public async Task An_asOf_in_the_future_is_400_naming_asOf_on_the_case_view_the_timeline_and_the_exports(string route)
    {
        var id = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        var events = await api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{id}'");
        var reads = await api.ScalarAsync<long>($"select count(*) from mt_doc_case_reads where cases @> array['{id}'::uuid]");

        var response = await dsl.GetAsync(string.Format(route, id, Tomorrow));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("asOf", out _), problem.ToString());
        Assert.Equal(events, await api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{id}'"));
        Assert.Equal(reads, await api.ScalarAsync<long>($"select count(*) from mt_doc_case_reads where cases @> array['{id}'::uuid]"));
    }

    [Fact]
    public async Task An_asOf_in_the_future_is_400_naming_asOf_on_a_pupils_chronology()
    {
        var response = await api.ClientFor(School.Dsl, Role.Dsl.Name()).GetAsync($"/api/pupils/{School.Year8Pupil}/chronology?asOf={Tomorrow}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("asOf", out _), problem.ToString());
    }
}
