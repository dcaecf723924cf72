using System.Security.Claims;
using Casework.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Casework.Cases;

namespace Casework.Tests.Auth;

/// <summary>
/// The service's authentication as <see cref="AuthenticationSetup.AddCaseworkAuthentication"/> registers it (JwtBearer
/// with Casework's options and events), in a minimal <see cref="WebApplication"/> built from the given settings alone.
/// Tokens are checked by asking the real Bearer handler in-process (<see cref="AuthenticateAsync(string)"/>), or over
/// HTTP on Kestrel once <see cref="StartAsync"/> has run.
/// </summary>
internal sealed class AuthHost : IAsyncDisposable
{
    public const string DslOnly = "/dsl-only";

    private readonly WebApplication app;

    private AuthHost(WebApplication app) => this.app = app;

    /// <summary>Throws as the service would at start-up if the settings are not a usable configuration.</summary>
    public static AuthHost Create(
        string environment, IReadOnlyDictionary<string, string?> settings, string? contentRoot = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(time ?? new FixedTime(TestTokens.Now));
        builder.AddCaseworkAuthentication();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        var app = builder.Build();
        app.UseCaseworkAuthentication();
        app.MapGet("/me", (ClaimsPrincipal user) => user.ToCurrentUser());
        app.MapGet(DslOnly, () => "ok").RequireAuthorization(new AuthorizationPolicyBuilder().RequireRole(Role.Dsl.Name()).Build());
        app.MapGet("/open", () => "open").AllowAnonymous();
        return new AuthHost(app);
    }

    /// <summary>The Bearer scheme's options as the service configured them.</summary>
    public JwtBearerOptions BearerOptions =>
        app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(AuthenticationSetup.SchemeName);

    public Task<AuthenticateResult> AuthenticateAsync(string token) => AuthenticateWithHeadersAsync("Bearer " + token);

    /// <summary>The Bearer scheme's verdict on a request carrying these Authorization header values.</summary>
    public async Task<AuthenticateResult> AuthenticateWithHeadersAsync(params string[] authorization)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = authorization;
        return await context.AuthenticateAsync(AuthenticationSetup.SchemeName);
    }

    /// <summary>Starts Kestrel on a free loopback port and returns the base address.</summary>
    public async Task<Uri> StartAsync()
    {
        await app.StartAsync();
        return new Uri(app.Urls.Single());
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
