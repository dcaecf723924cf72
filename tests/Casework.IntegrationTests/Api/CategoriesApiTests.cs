using System.Net;
using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.Http;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>KCSIE's categories on concerns and disclosures, over HTTP: shown in the case's header and found by search.</summary>
[Collection(ApiSuite.Name)]
public sealed class CategoriesApiTests(ApiFixture api)
{
    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    [Fact]
    public async Task R1_a_disclosure_carries_its_category_to_the_case_view_and_search()
    {
        var reported = await Report(api.ClientFor(School.Teacher, "staff"), "/api/disclosures", RecordDisclosure.Request.Example with
        {
            PupilId = School.Year8Pupil, DisclosedTo = School.Teacher, OccurredAt = HoursAgo(2), Category = ConcernCategory.HonourBasedAbuse,
        });
        var view = await Get(Dsl, reported.Id);
        Assert.Equal(ConcernCategory.HonourBasedAbuse, view.Category);

        var response = await Dsl.GetAsync("/api/cases/search?category=honour-based-abuse&limit=200");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadAsync<CaseRegisterPage>())!;
        Assert.Contains(page.Items, r => r.Id == reported.Id);
    }

    [Fact]
    public async Task R1_a_concern_about_neglect_is_reported_and_shown_with_its_category()
    {
        var reported = await Report(api.ClientFor(School.Teacher, "staff"), "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year8Pupil, PupilRole.Subject)], Category = ConcernCategory.Neglect, Where = null, OccurredAt = HoursAgo(3),
        });
        Assert.Equal(ConcernCategory.Neglect, (await Get(Dsl, reported.Id)).Category);
    }
}
