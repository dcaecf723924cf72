using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Casework.Auth;

public static class AuthenticationSetup
{
    public const string SectionName = "Authentication";

    /// <summary>
    /// Registers the "Bearer" scheme and an authorization policy requiring an authenticated user, both as the
    /// default policy and as the fallback policy, so an endpoint is closed unless it says <c>AllowAnonymous()</c>.
    /// Keys are read on first use from configuration section <c>Authentication</c> (see <see cref="LoadOptions"/>).
    /// </summary>
    public static WebApplicationBuilder AddCaseworkAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(services => new JwtValidator(
            LoadOptions(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>()),
            services.GetRequiredService<TimeProvider>()));

        builder.Services
            .AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);

        var authenticatedUser = new AuthorizationPolicyBuilder(BearerAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .Build();
        builder.Services.AddAuthorization(options =>
        {
            options.DefaultPolicy = authenticatedUser;
            options.FallbackPolicy = authenticatedUser;
        });
        return builder;
    }

    /// <summary>
    /// <c>UseAuthentication()</c> and <c>UseAuthorization()</c>, after loading the signing keys so that a
    /// misconfiguration stops the service at start-up rather than failing every request.
    /// </summary>
    public static WebApplication UseCaseworkAuthentication(this WebApplication app)
    {
        app.Services.GetRequiredService<JwtValidator>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Reads <c>Authentication</c>: <c>Issuer</c>, <c>Audience</c>, <c>ClockSkewSeconds</c> (default 30),
    /// <c>Keys:N:Kid</c> with <c>Keys:N:Pem</c> or <c>Keys:N:PemFile</c>, and <c>JwksFile</c>.
    /// In Development only, the local development key is trusted too (<c>DevelopmentKeyFile</c> overrides its path)
    /// and Issuer/Audience default to <c>casework-dev</c>/<c>casework</c>. Elsewhere the development key is never read.
    /// </summary>
    public static JwtValidatorOptions LoadOptions(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(SectionName);
        var development = environment.IsDevelopment();
        var issuer = section["Issuer"] ?? (development ? DevelopmentTokens.Issuer : null);
        var audience = section["Audience"] ?? (development ? DevelopmentTokens.Audience : null);
        if (string.IsNullOrWhiteSpace(issuer) || string.IsNullOrWhiteSpace(audience))
        {
            throw new InvalidOperationException("Authentication:Issuer and Authentication:Audience must be configured.");
        }

        var skewSeconds = section.GetValue("ClockSkewSeconds", (int)JwtValidatorOptions.DefaultClockSkew.TotalSeconds);
        if (skewSeconds is < 0 or > 300)
        {
            throw new InvalidOperationException("Authentication:ClockSkewSeconds must be between 0 and 300.");
        }

        var keys = new List<JwtSigningKey>();
        foreach (var key in section.GetSection("Keys").GetChildren())
        {
            var pem = (key["Pem"], key["PemFile"]) switch
            {
                ({ } inline, null) => inline,
                (null, { } file) => File.ReadAllText(Path.GetFullPath(file, environment.ContentRootPath)),
                _ => throw new InvalidOperationException($"Authentication:Keys:{key.Key} needs exactly one of Pem and PemFile."),
            };
            keys.Add(JwtSigningKey.FromPem(pem, key["Kid"]));
        }

        if (section["JwksFile"] is { } jwksFile)
        {
            keys.AddRange(JwtSigningKey.FromJwks(File.ReadAllText(Path.GetFullPath(jwksFile, environment.ContentRootPath))));
        }

        if (development)
        {
            using var developmentKey = DevelopmentTokens.LoadOrCreateKey(
                DevelopmentTokens.ResolveKeyPath(section["DevelopmentKeyFile"]));
            keys.Add(JwtSigningKey.FromECDsa(developmentKey, DevelopmentTokens.Kid));
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException("Authentication needs at least one signing key (Keys or JwksFile).");
        }

        if (keys.Where(k => k.Kid is not null).GroupBy(k => k.Kid).Any(g => g.Count() > 1))
        {
            throw new InvalidOperationException("Authentication signing keys must have distinct kids.");
        }

        return new JwtValidatorOptions(issuer, audience, keys, TimeSpan.FromSeconds(skewSeconds));
    }
}
