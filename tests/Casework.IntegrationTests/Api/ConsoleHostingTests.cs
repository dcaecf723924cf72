using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// The console the service serves at /console (ADR 13): open like any web page, holding no data, outside the API
/// and its document; in Development only, the sign-in that mints development tokens as the CLI does.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class ConsoleHostingTests(ApiFixture api)
{
    [Fact]
    public void Every_route_outside_the_API_is_the_consoles()
    {
        var outside = AllRoutes(api).Where(r => !r.Pattern.StartsWith("/api/", StringComparison.Ordinal) && !r.IsOpen).ToList();
        Assert.Contains(outside, r => r.Pattern == "/console/development/token");
        Assert.All(outside, r => Assert.True(r.IsConsole, $"{r} is neither the API nor the console"));
        // The console's routes serve files and the development sign-in: the only one that reads a body is the token's.
        Assert.Equal(["POST /console/development/token"], outside.Where(r => r.Method != "GET" && r.Method != "HEAD" && r.RequestType is not null).Select(r => r.ToString()));
    }

    [Fact]
    public async Task The_console_is_served_without_a_token_at_any_of_its_addresses_but_no_case_is_named_in_the_API_document()
    {
        var anonymous = ClientWithToken(api, null);
        foreach (var path in new[] { "/console/", $"/console/cases/{Guid.NewGuid()}", "/console/report/concern" })
        {
            var page = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<base href=\"/console/\" />", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/console/no-such-file.json")).StatusCode);

        var document = await anonymous.GetStringAsync("/swagger/v1/swagger.json");
        Assert.DoesNotContain("/console", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_the_console_mints_a_development_users_token_as_the_CLI_does_and_the_API_accepts_it()
    {
        var anonymous = ClientWithToken(api, null);
        var users = await anonymous.GetFromJsonAsync<JsonElement>("/console/development/users");
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("name").GetString() == "Dana Lead");

        var dsl = DevelopmentSignIn.Users.Single(u => u.Roles.Contains(Role.Dsl.Name()));
        var minted = await anonymous.PostAsJsonAsync("/console/development/token", new { userId = dsl.Id });
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();

        var signedIn = ClientWithToken(api, null);
        signedIn.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/cases?status=open")).StatusCode);
    }

    [Fact]
    public async Task The_development_sign_in_mints_nothing_for_anyone_but_a_development_user()
    {
        var refused = await ClientWithToken(api, null).PostAsJsonAsync("/console/development/token", new { userId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain("\"token\":", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
