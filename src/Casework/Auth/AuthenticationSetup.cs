using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Casework.Auth;

public static class AuthenticationSetup
{
    public const string SectionName = "Authentication";
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Only these: the key decides what verifies, and <c>none</c>, HS*, PS* and larger curves never do.</summary>
    public static readonly IReadOnlyList<string> Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>
    /// Registers JwtBearer as the "Bearer" scheme (configured by <see cref="ConfigureBearer"/>) and an authorization
    /// policy requiring an authenticated user, both as the default policy and as the fallback policy, so an endpoint
    /// is closed unless it says <c>AllowAnonymous()</c>. Tokens are checked against the service's one clock, the
    /// <see cref="TimeProvider"/> registered with the API (ADR 18).
    /// </summary>
    public static WebApplicationBuilder AddCaseworkAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(SchemeName).AddJwtBearer(SchemeName, _ => { });
        builder.Services.AddOptions<JwtBearerOptions>(SchemeName)
            .Configure<IConfiguration, IHostEnvironment, TimeProvider>(
                (options, configuration, environment, time) => ConfigureBearer(options, configuration, environment, time));

        var authenticatedUser = new AuthorizationPolicyBuilder(SchemeName)
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
        app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(SchemeName);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Configures JwtBearer from configuration section <c>Authentication</c> (the framework's own
    /// <c>Authentication:Schemes:Bearer</c> section is overridden, not merged):
    /// <list type="bullet">
    /// <item><c>Issuer</c> and <c>Audience</c>: required; a token's <c>iss</c> must equal the one and its <c>aud</c> contain the other.</item>
    /// <item><c>ClockSkewSeconds</c>: 0 to 300, default 30, for <c>exp</c>, <c>nbf</c> and <c>iat</c>.</item>
    /// <item><c>Keys:N:Kid</c> with <c>Keys:N:Pem</c> or <c>Keys:N:PemFile</c> (relative to the content root), and
    /// <c>JwksFile</c>: RSA keys of 2048 bits or more for RS256, P-256 keys for ES256. Read at start-up only.</item>
    /// <item><c>Authority</c> (and optionally <c>MetadataAddress</c>, by default the authority's
    /// <c>/.well-known/openid-configuration</c>): for a production deployment behind an OpenID Connect provider.
    /// Its signing keys are fetched over HTTPS and refreshed by JwtBearer, on top of any configured keys; with an
    /// authority, <c>Issuer</c> may be left out (the metadata's issuer is then required) and no configured key is needed.</item>
    /// </list>
    /// In Development only, the local development key is trusted too (<c>DevelopmentKeyFile</c> overrides its path)
    /// and Issuer/Audience default to <c>casework-dev</c>/<c>casework</c>. Elsewhere the development key is never read.
    /// Every token must be signed (RS256 or ES256 only), name an issuer, an audience and an expiry, and pass
    /// <see cref="CaseworkTokenRules"/>; claim names are kept as minted (<c>MapInboundClaims = false</c>).
    /// </summary>
    public static void ConfigureBearer(JwtBearerOptions options, IConfiguration configuration, IHostEnvironment environment, TimeProvider time)
    {
        var section = configuration.GetSection(SectionName);
        var development = environment.IsDevelopment();
        var authority = NullIfBlank(section["Authority"]);
        var metadataAddress = NullIfBlank(section["MetadataAddress"]);
        var discovery = authority is not null || metadataAddress is not null;

        var issuer = NullIfBlank(section["Issuer"]) ?? (development ? DevelopmentTokens.Issuer : null);
        var audience = NullIfBlank(section["Audience"]) ?? (development ? DevelopmentTokens.Audience : null);
        if (audience is null || (issuer is null && !discovery))
        {
            throw new InvalidOperationException("Authentication:Issuer and Authentication:Audience must be configured.");
        }

        var skewSeconds = section.GetValue("ClockSkewSeconds", (int)DefaultClockSkew.TotalSeconds);
        if (skewSeconds is < 0 or > 300)
        {
            throw new InvalidOperationException("Authentication:ClockSkewSeconds must be between 0 and 300.");
        }

        var keys = LoadKeys(section, environment);
        if (keys.Count == 0 && !discovery)
        {
            throw new InvalidOperationException("Authentication needs at least one signing key (Keys, JwksFile or Authority).");
        }

        options.Authority = authority;
        if (metadataAddress is not null)
        {
            options.MetadataAddress = metadataAddress;
        }

        options.Audience = audience;
        options.MapInboundClaims = false;
        options.TimeProvider = time;
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new JsonWebTokenHandler
        {
            MapInboundClaims = false,
            MaximumTokenSizeInBytes = CaseworkTokenRules.MaxTokenLength,
        });
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            IssuerSigningKeys = keys,
            // A kid names the one key to try; IdentityModel would otherwise try every key when the kid is unknown.
            TryAllIssuerSigningKeys = false,
            IssuerSigningKeyResolverUsingConfiguration = (_, _, kid, parameters, discovered) =>
            {
                var trusted = (parameters.IssuerSigningKeys ?? []).Concat(discovered?.SigningKeys ?? []);
                return string.IsNullOrEmpty(kid) ? trusted : trusted.Where(key => key.KeyId == kid);
            },
            ValidateIssuer = true,
            ValidIssuer = issuer,
            ValidateAudience = true,
            RequireAudience = true,
            ValidAudience = audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(skewSeconds),
            // IdentityModel reads the system clock; the service's clock is the injected TimeProvider.
            LifetimeValidator = (notBefore, expires, _, parameters) =>
                CaseworkTokenRules.CheckLifetime(notBefore, expires, time.GetUtcNow(), parameters.ClockSkew),
            AuthenticationType = SchemeName,
            NameClaimType = CaseworkClaimTypes.Name,
            RoleClaimType = CaseworkClaimTypes.Roles,
        };
        options.Events = BearerEvents.Create(SignInLimits.From(section), SchoolIdentity.From(section), development);
    }

    private static List<SecurityKey> LoadKeys(IConfigurationSection section, IHostEnvironment environment)
    {
        var keys = new List<SecurityKey>();
        foreach (var key in section.GetSection("Keys").GetChildren())
        {
            var pem = (key["Pem"], key["PemFile"]) switch
            {
                ({ } inline, null) => inline,
                (null, { } file) => File.ReadAllText(Path.GetFullPath(file, environment.ContentRootPath)),
                _ => throw new InvalidOperationException($"Authentication:Keys:{key.Key} needs exactly one of Pem and PemFile."),
            };
            keys.Add(SigningKeys.FromPem(pem, key["Kid"]));
        }

        if (section["JwksFile"] is { } jwksFile)
        {
            keys.AddRange(SigningKeys.FromJwks(File.ReadAllText(Path.GetFullPath(jwksFile, environment.ContentRootPath))));
        }

        if (environment.IsDevelopment())
        {
            using var developmentKey = DevelopmentTokens.LoadOrCreateKey(
                DevelopmentTokens.ResolveKeyPath(section["DevelopmentKeyFile"]));
            keys.Add(SigningKeys.FromECDsa(developmentKey, DevelopmentTokens.Kid));
        }

        if (keys.Where(k => k.KeyId is not null).GroupBy(k => k.KeyId).Any(g => g.Count() > 1))
        {
            throw new InvalidOperationException("Authentication signing keys must have distinct kids.");
        }

        return keys;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
