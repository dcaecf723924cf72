using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Casework.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using static Casework.Tests.Auth.TestTokens;

namespace Casework.Tests.Auth;

public sealed class AuthenticationSetupTests : IDisposable
{
    private readonly string folder = System.IO.Directory.CreateTempSubdirectory("casework-auth-").FullName;

    public void Dispose() => System.IO.Directory.Delete(folder, recursive: true);

    private sealed class TestEnvironment(string name, string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Casework";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private JwtValidator Load(string environment, Dictionary<string, string?> settings) =>
        new(
            AuthenticationSetup.LoadOptions(
                new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
                new TestEnvironment(environment, folder)),
            new FixedTime(DateTimeOffset.UtcNow));

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
        new(UserId, "Jo Bloggs", ["st-thomas"], [CaseworkRoles.Dsl], TimeSpan.FromMinutes(60));

    [Fact]
    public void Loads_an_inline_PEM_key_and_a_PEM_file_key()
    {
        File.WriteAllText(Path.Combine(folder, "ec.pem"), Ec.ExportSubjectPublicKeyInfoPem());
        var validator = Load("Production", Configured(
            ("Authentication:Keys:0:Kid", "rsa-1"),
            ("Authentication:Keys:0:Pem", Rsa.ExportSubjectPublicKeyInfoPem()),
            ("Authentication:Keys:1:Kid", "ec-1"),
            ("Authentication:Keys:1:PemFile", "ec.pem")));

        Assert.True(validator.Validate(Rs256(ClaimsNow(Issuer, Audience))).Succeeded);
        Assert.True(validator.Validate(Es256(ClaimsNow(Issuer, Audience))).Succeeded);
    }

    [Fact]
    public void Accepts_tokens_signed_by_keys_in_a_JWKS_file()
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

        var validator = Load("Production", Configured(("Authentication:JwksFile", "jwks.json")));

        Assert.True(validator.Validate(Rs256(ClaimsNow(Issuer, Audience))).Succeeded);
        Assert.True(validator.Validate(Es256(ClaimsNow(Issuer, Audience))).Succeeded);
        Assert.Equal(JwtFailureReason.UnknownKey, validator.Validate(Rs256(ClaimsNow(Issuer, Audience), kid: "encryption-only")).Failure?.Reason);
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

        Assert.Throws<InvalidOperationException>(() => JwtSigningKey.FromPem(weak.ExportSubjectPublicKeyInfoPem(), "weak"));
    }

    [Fact]
    public void Refuses_an_EC_key_that_is_not_P256()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<InvalidOperationException>(() => JwtSigningKey.FromPem(p384.ExportSubjectPublicKeyInfoPem(), "p384"));
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
    public void Development_trusts_a_token_minted_by_the_CLI()
    {
        using var key = DevelopmentTokens.LoadOrCreateKey(DevelopmentKeyFile);
        var token = DevelopmentTokens.Mint(key, Request(), DateTimeOffset.UtcNow);

        var validator = Load("Development", new() { ["Authentication:DevelopmentKeyFile"] = DevelopmentKeyFile });
        var result = validator.Validate(token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var user = result.Principal.ToCurrentUser();
        Assert.Equal(UserId, user.Id);
        Assert.Equal("Jo Bloggs", user.Name);
        Assert.Equal(["st-thomas"], user.Tenants);
        Assert.Equal([CaseworkRoles.Dsl], user.Roles);
    }

    [Fact]
    public void A_development_token_expires_after_the_requested_minutes()
    {
        using var key = DevelopmentTokens.LoadOrCreateKey(DevelopmentKeyFile);
        var token = DevelopmentTokens.Mint(key, Request() with { Lifetime = TimeSpan.FromMinutes(5) }, DateTimeOffset.UtcNow.AddMinutes(-6));

        var validator = Load("Development", new() { ["Authentication:DevelopmentKeyFile"] = DevelopmentKeyFile });

        Assert.Equal(JwtFailureReason.Expired, validator.Validate(token).Failure?.Reason);
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
    public void Outside_Development_a_development_token_is_refused(string environment)
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

        var result = Load(environment, settings).Validate(token);

        Assert.Equal(JwtFailureReason.UnknownKey, result.Failure?.Reason);
    }

    [Fact]
    public void The_development_key_lives_under_the_repository_root()
    {
        var path = DevelopmentTokens.ResolveKeyPath(null);

        Assert.EndsWith(Path.Combine(".dev", "jwt-signing-key.pem"), path);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path))!, "Casework.sln")));
    }
}
