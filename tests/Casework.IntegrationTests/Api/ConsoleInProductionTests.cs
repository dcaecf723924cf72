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

    [Fact]
    public async Task The_consoles_settings_are_the_services_the_limits_it_holds_tokens_to_and_no_provider_without_a_console_client_R_one_deployment()
    {
        var settings = await app.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/console/appsettings.json");

        Assert.Equal(15, settings.GetProperty("signIn").GetProperty("idleMinutes").GetInt32());
        Assert.Equal(10, settings.GetProperty("signIn").GetProperty("absoluteHours").GetInt32());
        // Without Console:SchoolSignIn:ClientId the console offers no provider sign-in, whatever the service's authority.
        Assert.Equal("", settings.GetProperty("schoolSignIn").GetProperty("authority").GetString());
        Assert.Equal("", settings.GetProperty("schoolSignIn").GetProperty("clientId").GetString());
    }
}
