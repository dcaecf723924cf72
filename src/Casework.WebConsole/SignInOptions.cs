using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

namespace Casework.WebConsole;

/// <summary>Who the service takes a token's bearer to be (GET /api/me): the roles the console shows screens for.</summary>
public sealed record SignedInUser(Guid Id, string Name, IReadOnlyList<string> Tenants, IReadOnlyList<string> Roles);

/// <summary>A development user the service offers to sign in as (Development only).</summary>
public sealed record DevelopmentUser(Guid Id, string Name, string Tenant, IReadOnlyList<string> Roles);

/// <summary>
/// How this console signs in (ADR 13). In Development the service lists its development users and mints their
/// tokens with the development key, as the CLI does; those routes do not exist elsewhere. Otherwise the school's
/// OpenID Connect provider, configured in the console's <c>appsettings.json</c> section <c>SchoolSignIn</c>.
/// </summary>
public sealed class SignInOptions(HttpClient http, IConfiguration configuration)
{
    public const string DevelopmentUsersPath = "console/development/users";
    public const string DevelopmentTokenPath = "console/development/token";

    public bool SchoolProviderConfigured => !string.IsNullOrWhiteSpace(configuration["SchoolSignIn:Authority"]);

    /// <summary>The development users, or null where the service has none (any environment but Development).</summary>
    public async Task<IReadOnlyList<DevelopmentUser>?> DevelopmentUsersAsync()
    {
        using var response = await http.GetAsync(DevelopmentUsersPath);
        return response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? await response.Content.ReadFromJsonAsync<List<DevelopmentUser>>(Api.Json)
            : null;
    }

    public async Task<string> DevelopmentTokenAsync(Guid userId)
    {
        using var response = await http.PostAsJsonAsync(DevelopmentTokenPath, new { userId }, Api.Json);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DevelopmentTokenAnswer>(Api.Json))!.Token;
    }

    /// <summary>
    /// The person behind <paramref name="token"/> as the service maps them (ADR 31), or null when the service refuses
    /// the token: someone the school's directory does not know, or without the sign-in strength their roles need.
    /// </summary>
    public async Task<SignedInUser?> WhoIsSignedInAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<SignedInUser>(Api.Json) : null;
    }

    /// <summary>
    /// The school's OpenID Connect provider, when its authority and client id are configured: authorization code with
    /// PKCE, back to the console's own callback pages.
    /// </summary>
    public static void AddSchoolProvider(WebAssemblyHostBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["SchoolSignIn:Authority"]))
        {
            var console = new Uri(builder.HostEnvironment.BaseAddress);
            builder.Services.AddRemoteAuthentication<RemoteAuthenticationState, RemoteUserAccount, SchoolProviderOptions>(options =>
            {
                builder.Configuration.Bind("SchoolSignIn", options.ProviderOptions);
                options.ProviderOptions.ResponseType = "code";
                options.ProviderOptions.RedirectUri = new Uri(console, "authentication/login-callback").AbsoluteUri;
                options.ProviderOptions.PostLogoutRedirectUri = new Uri(console, "authentication/logout-callback").AbsoluteUri;
                options.UserOptions.AuthenticationType = options.ProviderOptions.ClientId;
                foreach (var scope in builder.Configuration.GetSection("SchoolSignIn:Scopes").Get<string[]>() ?? [])
                {
                    options.ProviderOptions.DefaultScopes.Add(scope);
                }
            });
        }
    }

    /// <summary>
    /// The sign-in library's settings. It never reads the provider's userinfo: the one access token it holds is for
    /// Casework's audience, which a provider's userinfo refuses (Entra ID's accepts only Graph's), and the console asks
    /// the service who the person is (GET /api/me) instead.
    /// </summary>
    public sealed class SchoolProviderOptions : OidcProviderOptions
    {
        [System.Text.Json.Serialization.JsonPropertyName("loadUserInfo")]
        public bool LoadUserInfo => false;
    }

    private sealed record DevelopmentTokenAnswer(string Token);
}
