using System.Net;
using System.Net.Http.Json;
using Casework.Cases;
using static Casework.IntegrationTests.Api.AuthorizationKit;

namespace Casework.IntegrationTests.Api;

/// <summary>GET /api/cases/search (issue 15, item 1): by the names of the people a case is about and by its fields, never its account.</summary>
[Collection(ApiSuite.Name)]
public sealed class SearchCasesApiTests(ApiFixture api)
{
    private async Task<List<CaseRegisterRow>> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/cases/search?limit=200&" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadAsync<CaseRegisterPage>())!.Items];
    }

    [Fact]
    public async Task The_DSL_finds_a_case_by_part_of_the_pupils_name_and_by_risk_but_not_by_the_words_of_its_account()
    {
        var id = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, "dsl");
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(id, "\"1\"", risk: "immediate"))).StatusCode);

        var byName = (await SearchAsync(dsl, "name=ezra")).Single(r => r.Id == id);
        Assert.Equal("Ezra Eight", byName.People!.Single().Name);
        Assert.Contains(await SearchAsync(dsl, "risk=immediate&category=cyberbullying&status=open&kind=concern"), r => r.Id == id);
        Assert.DoesNotContain(await SearchAsync(dsl, "risk=low"), r => r.Id == id);
        Assert.DoesNotContain(await SearchAsync(dsl, "category=online-safety"), r => r.Id == id);
        Assert.DoesNotContain(await SearchAsync(dsl, $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"), r => r.Id == id);
        // The account says "group chat": accounts are not searched.
        Assert.DoesNotContain(await SearchAsync(dsl, "name=group chat"), r => r.Id == id);
    }

    [Fact]
    public async Task The_reporter_never_finds_their_own_report_by_search_since_they_do_not_see_it_in_full()
    {
        var id = await ReportConcernAsync(api);

        Assert.DoesNotContain(await SearchAsync(api.ClientFor(School.Teacher, "staff"), "name=Ezra"), r => r.Id == id);
    }

    [Theory]
    [InlineData("risk=severe", "risk")]
    [InlineData("category=burglary", "category")]
    [InlineData("status=pending", "status")]
    [InlineData("name=E", "name")]
    public async Task A_search_with_a_bad_filter_is_a_400_naming_it(string query, string field)
    {
        var response = await api.ClientFor(School.Dsl, "dsl").GetAsync("/api/cases/search?" + query);

        AssertNamesField(await ProblemAsync(response, HttpStatusCode.BadRequest), field);
    }
}
