using System.Net;
using System.Net.Http.Json;

namespace Casework.IntegrationTests.Api;

/// <summary>Outside Development the console signs in with the school's provider: the development sign-in does not exist (ADR 13).</summary>
public sealed class ConsoleInProductionTests(BadInputDeployedFixture app) : IClassFixture<BadInputDeployedFixture>
{
    [Fact]
    public async Task In_production_no_route_lists_development_users_or_mints_a_token()
    {
        var anonymous = app.CreateClient();
        var users = await anonymous.GetAsync("/console/development/users");
        Assert.NotEqual("application/json", users.Content.Headers.ContentType?.MediaType);

        var minted = await anonymous.PostAsJsonAsync("/console/development/token", new { userId = Casework.Auth.DevelopmentSignIn.Users[0].Id });
        Assert.NotEqual(HttpStatusCode.OK, minted.StatusCode);
        Assert.DoesNotContain("\"token\":", await minted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
