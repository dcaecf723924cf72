using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Casework.Auth;
using Microsoft.IdentityModel.Tokens;
using static Casework.Tests.Auth.TestTokens;
using Casework.Cases;

namespace Casework.Tests.Auth;

public sealed class AuthenticationSetupTests : IAsyncLifetime
{
    private readonly string folder = System.IO.Directory.CreateTempSubdirectory("casework-auth-").FullName;
    private readonly List<AuthHost> hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        System.IO.Directory.Delete(folder, recursive: true);
    }

    /// <summary>The service's authentication on this configuration, keys loaded as at start-up; the clock is the real one.</summary>
    private AuthHost Load(string environment, Dictionary<string, string?> settings)
    {
        var host = AuthHost.Create(environment, settings, folder, TimeProvider.System);
        hosts.Add(host);
        return host;
    }

    private static async Task<Exception?> Refusal(AuthHost host, string token)
    {
        var result = await host.AuthenticateAsync(token);
        return result.Succeeded ? null : result.Failure ?? new InvalidOperationException("The scheme read no token.");
    }

    private static Dictionary<string, string?> Configured(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Issuer"] = Issuer,
            ["Authentication:Audience"] = Audience,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Dictionary<string, object?> ClaimsNow(string issuer, string audience) => Claims(c =>
    {
        c["iss"] = issuer;
        c["aud"] = audience;
        c["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        c["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
    });

    private string DevelopmentKeyFile => Path.Combine(folder, ".dev", "jwt-signing-key.pem");

    private static DevelopmentTokenRequest Request() =>
        new(UserId, "Jo Bloggs", ["st-thomas"], [Role.Dsl.Name()], TimeSpan.FromMinutes(60));

    [Fact]
    public async Task Loads_an_inline_PEM_key_and_a_PEM_file_key()
    {
        File.WriteAllText(Path.Combine(folder, "ec.pem"), Ec.ExportSubjectPublicKeyInfoPem());
        var host = Load("Production", Configured(
            ("Authentication:Keys:0:Kid", "rsa-1"),
            ("Authentication:Keys:0:Pem", Rsa.ExportSubjectPublicKeyInfoPem()),
            ("Authentication:Keys:1:Kid", "ec-1"),
            ("Authentication:Keys:1:PemFile", "ec.pem")));

        Assert.Null(await Refusal(host, Rs256(ClaimsNow(Issuer, Audience))));
        Assert.Null(await Refusal(host, Es256(ClaimsNow(Issuer, Audience))));
    }

    [Fact]
    public async Task Accepts_tokens_signed_by_keys_in_a_JWKS_file()
    {
        var rsa = Rsa.ExportParameters(false);
        var ec = Ec.ExportParameters(false);
        var jwks = new
        {
            keys = new object[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = "rsa-1", n = Base64Url.EncodeToString(rsa.Modulus!), e = Base64Url.EncodeToString(rsa.Exponent!) },
                new { kty = "EC", use = "sig", crv = "P-256", kid = "ec-1", x = Base64Url.EncodeToString(ec.Q.X!), y = Base64Url.EncodeToString(ec.Q.Y!) },
                new { kty = "RSA", use = "enc", kid = "encryption-only", n = Base64Url.EncodeToString(rsa.Modulus!), e = Base64Url.EncodeToString(rsa.Exponent!) },
            },
        };
        File.WriteAllText(Path.Combine(folder, "jwks.json"), JsonSerializer.Serialize(jwks));

        var host = Load("Production", Configured(("Authentication:JwksFile", "jwks.json")));

        Assert.Null(await Refusal(host, Rs256(ClaimsNow(Issuer, Audience))));
        Assert.Null(await Refusal(host, Es256(ClaimsNow(Issuer, Audience))));
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(await Refusal(host, Rs256(ClaimsNow(Issuer, Audience), kid: "encryption-only")));
    }

    [Fact]
    public void Refuses_a_JWKS_file_with_an_EC_point_off_the_curve()
    {
        var ec = Ec.ExportParameters(false);
        ec.Q.Y![0] ^= 1;
        var jwks = $$"""{"keys":[{"kty":"EC","crv":"P-256","x":"{{Base64Url.EncodeToString(ec.Q.X!)}}","y":"{{Base64Url.EncodeToString(ec.Q.Y)}}"}]}""";
        File.WriteAllText(Path.Combine(folder, "jwks.json"), jwks);

        Assert.Throws<InvalidOperationException>(() => Load("Production", Configured(("Authentication:JwksFile", "jwks.json"))));
    }

    [Fact]
    public void Refuses_an_RSA_key_shorter_than_2048_bits()
    {
        using var weak = RSA.Create(1024);

        Assert.Throws<InvalidOperationException>(() => SigningKeys.FromPem(weak.ExportSubjectPublicKeyInfoPem(), "weak"));
    }

    [Fact]
    public void Refuses_an_EC_key_that_is_not_P256()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<InvalidOperationException>(() => SigningKeys.FromPem(p384.ExportSubjectPublicKeyInfoPem(), "p384"));
    }

    [Fact]
    public void Refuses_two_keys_with_the_same_kid()
    {
        var settings = Configured(
            ("Authentication:Keys:0:Kid", "k"),
            ("Authentication:Keys:0:Pem", Rsa.ExportSubjectPublicKeyInfoPem()),
            ("Authentication:Keys:1:Kid", "k"),
            ("Authentication:Keys:1:Pem", Ec.ExportSubjectPublicKeyInfoPem()));

        Assert.Throws<InvalidOperationException>(() => Load("Production", settings));
    }

    [Fact]
    public void Production_refuses_to_start_without_issuer_audience_and_keys()
    {
        Assert.Throws<InvalidOperationException>(() => Load("Production", []));
        Assert.Throws<InvalidOperationException>(() => Load("Production", Configured()));
    }

    [Fact]
    public async Task Development_trusts_a_token_minted_by_the_CLI()
    {
        using var key = DevelopmentTokens.LoadOrCreateKey(DevelopmentKeyFile);
        var token = DevelopmentTokens.Mint(key, Request(), DateTimeOffset.UtcNow);

        var host = Load("Development", new() { ["Authentication:DevelopmentKeyFile"] = DevelopmentKeyFile });
        var result = await host.AuthenticateAsync(token);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var user = result.Principal.ToCurrentUser();
        Assert.Equal(UserId, user.Id);
        Assert.Equal("Jo Bloggs", user.Name);
        Assert.Equal(["st-thomas"], user.Tenants);
        Assert.Equal([Role.Dsl.Name()], user.Roles);
    }

    [Fact]
    public async Task A_development_token_expires_after_the_requested_minutes()
    {
        using var key = DevelopmentTokens.LoadOrCreateKey(DevelopmentKeyFile);
        var token = DevelopmentTokens.Mint(key, Request() with { Lifetime = TimeSpan.FromMinutes(5) }, DateTimeOffset.UtcNow.AddMinutes(-6));

        var host = Load("Development", new() { ["Authentication:DevelopmentKeyFile"] = DevelopmentKeyFile });

        Assert.IsType<SecurityTokenExpiredException>(await Refusal(host, token));
    }

    [Fact]
    public void The_Bearer_scheme_is_JwtBearer_configured_as_the_design_says()
    {
        var options = Load("Production", Configured(("Authentication:Keys:0:Pem", Rsa.ExportSubjectPublicKeyInfoPem()))).BearerOptions;
        var parameters = options.TokenValidationParameters;

        Assert.Equal(["RS256", "ES256"], parameters.ValidAlgorithms);
        Assert.True(parameters.RequireSignedTokens);
        Assert.True(parameters.ValidateIssuer);
        Assert.Equal(Issuer, parameters.ValidIssuer);
        Assert.True(parameters.ValidateAudience);
        Assert.True(parameters.RequireAudience);
        Assert.Equal(Audience, parameters.ValidAudience);
        Assert.True(parameters.ValidateLifetime);
        Assert.True(parameters.RequireExpirationTime);
        Assert.Equal(TimeSpan.FromSeconds(30), parameters.ClockSkew);
        Assert.False(parameters.TryAllIssuerSigningKeys);
        Assert.False(options.MapInboundClaims);
        Assert.All(options.TokenHandlers, handler => Assert.False(Assert.IsType<Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler>(handler).MapInboundClaims));
        Assert.True(options.RequireHttpsMetadata);
        Assert.Null(options.Authority);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("300", 300)]
    public void The_clock_skew_is_configurable_from_0_to_300_seconds(string configured, int seconds)
    {
        var settings = Configured(
            ("Authentication:Keys:0:Pem", Rsa.ExportSubjectPublicKeyInfoPem()),
            ("Authentication:ClockSkewSeconds", configured));

        Assert.Equal(TimeSpan.FromSeconds(seconds), Load("Production", settings).BearerOptions.TokenValidationParameters.ClockSkew);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("301")]
    public void Refuses_to_start_with_a_clock_skew_outside_0_to_300_seconds(string configured)
    {
        var settings = Configured(
            ("Authentication:Keys:0:Pem", Rsa.ExportSubjectPublicKeyInfoPem()),
            ("Authentication:ClockSkewSeconds", configured));

        Assert.Throws<InvalidOperationException>(() => Load("Production", settings));
    }

    [Fact]
    public void An_OpenID_authority_needs_neither_a_configured_key_nor_an_issuer()
    {
        var options = Load("Production", new()
        {
            ["Authentication:Authority"] = "https://login.example.org/casework",
            ["Authentication:Audience"] = Audience,
        }).BearerOptions;

        Assert.Equal("https://login.example.org/casework", options.Authority);
        Assert.Equal("https://login.example.org/casework/.well-known/openid-configuration", options.MetadataAddress);
        Assert.NotNull(options.ConfigurationManager);
        Assert.Empty(options.TokenValidationParameters.IssuerSigningKeys);
    }

    [Fact]
    public void An_OpenID_metadata_address_can_be_named_beside_the_authority()
    {
        var options = Load("Production", new()
        {
            ["Authentication:Authority"] = "https://login.example.org/casework",
            ["Authentication:MetadataAddress"] = "https://login.example.org/casework/v2/.well-known/openid-configuration",
            ["Authentication:Audience"] = Audience,
            ["Authentication:Keys:0:Pem"] = Rsa.ExportSubjectPublicKeyInfoPem(),
        }).BearerOptions;

        Assert.Equal("https://login.example.org/casework/v2/.well-known/openid-configuration", options.MetadataAddress);
        Assert.Single(options.TokenValidationParameters.IssuerSigningKeys);
    }

    [Fact]
    public void An_OpenID_authority_over_plain_HTTP_stops_the_service()
    {
        Assert.Throws<InvalidOperationException>(() => Load("Production", new()
        {
            ["Authentication:Authority"] = "http://login.example.org/casework",
            ["Authentication:Audience"] = Audience,
        }));
    }

    [Fact]
    public void An_OpenID_authority_still_needs_an_audience()
    {
        Assert.Throws<InvalidOperationException>(() => Load("Production", new()
        {
            ["Authentication:Authority"] = "https://login.example.org/casework",
        }));
    }

    [Fact]
    public void Development_creates_the_key_file_readable_by_its_owner_only()
    {
        Load("Development", new() { ["Authentication:DevelopmentKeyFile"] = DevelopmentKeyFile });

        Assert.True(File.Exists(DevelopmentKeyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DevelopmentKeyFile));
        }
    }

    [Fact]
    public void Development_keeps_an_existing_key()
    {
        using var first = DevelopmentTokens.LoadOrCreateKey(DevelopmentKeyFile);
        using var second = DevelopmentTokens.LoadOrCreateKey(DevelopmentKeyFile);

        Assert.Equal(first.ExportSubjectPublicKeyInfo(), second.ExportSubjectPublicKeyInfo());
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_the_development_key_is_never_created(string environment)
    {
        var settings = Configured(
            ("Authentication:Keys:0:Pem", Rsa.ExportSubjectPublicKeyInfoPem()),
            ("Authentication:DevelopmentKeyFile", DevelopmentKeyFile));

        Load(environment, settings);

        Assert.False(File.Exists(DevelopmentKeyFile));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_Development_a_development_token_is_refused(string environment)
    {
        using var key = DevelopmentTokens.LoadOrCreateKey(DevelopmentKeyFile);
        var token = DevelopmentTokens.Mint(key, Request(), DateTimeOffset.UtcNow);
        // Even configured with the development issuer and audience, the development key itself is not trusted.
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Issuer"] = DevelopmentTokens.Issuer,
            ["Authentication:Audience"] = DevelopmentTokens.Audience,
            ["Authentication:Keys:0:Pem"] = Rsa.ExportSubjectPublicKeyInfoPem(),
            ["Authentication:DevelopmentKeyFile"] = DevelopmentKeyFile,
        };

        var refusal = await Refusal(Load(environment, settings), token);

        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(refusal);
    }

    [Fact]
    public void The_development_key_lives_under_the_repository_root()
    {
        var path = DevelopmentTokens.ResolveKeyPath(null);

        Assert.EndsWith(Path.Combine(".dev", "jwt-signing-key.pem"), path);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path))!, "Casework.sln")));
    }
}
