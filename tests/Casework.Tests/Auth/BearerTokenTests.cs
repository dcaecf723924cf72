using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Casework.Auth;
using Microsoft.IdentityModel.Tokens;
using static Casework.Tests.Auth.TestTokens;
using Casework.Cases;

namespace Casework.Tests.Auth;

/// <summary>Hostile and valid tokens against the real JwtBearer handler, configured as the service configures it.</summary>
public class BearerTokenTests
{
    private static readonly AuthHost Host = AuthHost.Create("Production", Settings());
    private static readonly AuthHost NoSkewHost = AuthHost.Create("Production", Settings(clockSkewSeconds: 0));

    /// <summary>Why the Bearer scheme refused the token, or null if it accepted it.</summary>
    private static async Task<Exception?> Refusal(string token, AuthHost? host = null)
    {
        var result = await (host ?? Host).AuthenticateAsync(token);
        return result.Succeeded ? null : result.Failure ?? new InvalidOperationException("The scheme read no token.");
    }

    private static async Task<ClaimsPrincipal> Accepted(string token)
    {
        var result = await Host.AuthenticateAsync(token);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        return result.Principal;
    }

    private static async Task AssertRefusedFor(TokenRefusal reason, string token) =>
        Assert.Equal(reason, Assert.IsType<CaseworkTokenException>(await Refusal(token)).Reason);

    /// <summary>IdentityModel could not read the token: IDX14102 for its header, IDX14101 for its payload.</summary>
    private static async Task AssertUnreadable(string part, string token)
    {
        var refusal = Assert.IsType<ArgumentException>(await Refusal(token));
        Assert.StartsWith(part == "header" ? "IDX14102:" : "IDX14101:", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepts_a_valid_RS256_token()
    {
        var principal = await Accepted(Rs256(Claims()));

        Assert.Equal(UserId.ToString(), principal.FindFirst(CaseworkClaimTypes.UserId)?.Value);
    }

    [Fact]
    public async Task Accepts_a_valid_ES256_token()
    {
        Assert.Null(await Refusal(Es256(Claims())));
    }

    [Fact]
    public async Task Accepts_a_token_without_kid_signed_by_a_trusted_key()
    {
        Assert.Null(await Refusal(Es256(Claims(), kid: null)));
        Assert.Null(await Refusal(Rs256(Claims(), kid: null)));
    }

    [Fact]
    public async Task Maps_the_claims_to_the_current_user()
    {
        var principal = await Accepted(Rs256(Claims()));

        var user = principal.ToCurrentUser();

        Assert.Equal(UserId, user.Id);
        Assert.Equal("Jo Bloggs", user.Name);
        Assert.Equal(["st-thomas"], user.Tenants);
        Assert.Equal(["dsl", "staff"], user.Roles);
        Assert.True(user.HasRole(Role.Dsl.Name()));
        Assert.True(principal.IsInRole("dsl"));
        Assert.Equal("Jo Bloggs", principal.Identity?.Name);
    }

    [Fact]
    public async Task Keeps_the_claim_names_as_minted()
    {
        var principal = await Accepted(Rs256(Claims()));

        Assert.Equal(["st-thomas"], principal.FindAll("tenants").Select(c => c.Value));
        Assert.Equal(["dsl", "staff"], principal.FindAll("roles").Select(c => c.Value));
        Assert.Equal("Jo Bloggs", principal.FindFirst("name")?.Value);
        Assert.DoesNotContain(principal.Claims, c => c.Type.StartsWith("http", StringComparison.Ordinal));
    }

    [Fact]
    public void A_principal_that_is_not_authenticated_has_no_current_user()
    {
        Assert.Throws<InvalidOperationException>(() => new ClaimsPrincipal(new ClaimsIdentity()).ToCurrentUser());
    }

    [Fact]
    public async Task Accepts_a_single_tenant_string()
    {
        var claims = Claims(c =>
        {
            c.Remove("tenants");
            c["tenant"] = "st-thomas";
        });

        var user = (await Accepted(Rs256(claims))).ToCurrentUser();

        Assert.Equal(["st-thomas"], user.Tenants);
    }

    [Fact]
    public async Task Accepts_several_tenants_for_a_LADO_liaison()
    {
        var claims = Claims(c =>
        {
            c["tenants"] = new[] { "st-thomas", "clarendon" };
            c["roles"] = new[] { "lado-liaison" };
        });

        var user = (await Accepted(Es256(claims))).ToCurrentUser();

        Assert.Equal(["st-thomas", "clarendon"], user.Tenants);
    }

    [Fact]
    public async Task Rejects_a_bad_signature()
    {
        using var otherKey = RSA.Create(2048);

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(Rs256(Claims(), key: otherKey)));
    }

    [Fact]
    public async Task Rejects_a_bad_signature_without_kid()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(await Refusal(Es256(Claims(), kid: null, key: otherKey)));
    }

    [Fact]
    public async Task Rejects_a_tampered_payload()
    {
        var parts = Rs256(Claims()).Split('.');
        var elevated = Base64Url.EncodeToString(Json(Claims(c => c["roles"] = new[] { "auditor" })));

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal($"{parts[0]}.{elevated}.{parts[2]}"));
    }

    [Fact]
    public async Task Rejects_any_single_character_change()
    {
        var token = Es256(Claims());

        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.NotNull(await Refusal(changed));
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public async Task Rejects_alg_none(string alg)
    {
        var unsigned = $"{Base64Url.EncodeToString(Json(Header(alg, null)))}.{Base64Url.EncodeToString(Json(Claims()))}.";

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(unsigned));
    }

    [Fact]
    public async Task Rejects_HS256()
    {
        var token = Sign(Json(Header("HS256", null)), Json(Claims()), data => HMACSHA256.HashData(Utf8("secret"), data));

        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(await Refusal(token));
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("der")]
    public async Task Rejects_HS256_signed_with_the_RSA_public_key_as_the_secret(string encoding)
    {
        // The classic confusion attack: a validator that lets the header pick the algorithm would HMAC with the public key.
        var secret = encoding == "pem" ? Utf8(Rsa.ExportSubjectPublicKeyInfoPem()) : Rsa.ExportSubjectPublicKeyInfo();
        var token = Sign(Json(Header("HS256", "rsa-1")), Json(Claims()), data => HMACSHA256.HashData(secret, data));

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(token));
    }

    [Theory]
    [InlineData("PS256")]
    [InlineData("RS384")]
    [InlineData("RS512")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    [InlineData("HS512")]
    [InlineData("EdDSA")]
    [InlineData("rs256")]
    [InlineData("")]
    public async Task Rejects_algorithms_outside_the_allow_list(string alg)
    {
        var token = Sign(Json(Header(alg, "rsa-1")), Json(Claims()), data => SignRs256(Rsa, data));

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(token));
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("RS512")]
    [InlineData("PS256")]
    [InlineData("PS512")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    public async Task Rejects_a_token_truly_signed_by_a_trusted_key_with_an_algorithm_outside_the_allow_list(string alg)
    {
        // The signature is good for the algorithm the header names: only the allow-list (ValidAlgorithms) refuses it.
        var hash = new HashAlgorithmName("SHA" + alg[2..]);
        var token = alg[0] == 'E'
            ? Sign(Json(Header(alg, "ec-1")), Json(Claims()), data => Ec.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            : Sign(Json(Header(alg, "rsa-1")), Json(Claims()), data => Rsa.SignData(data, hash, alg[0] == 'P' ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1));

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(token));
    }

    [Fact]
    public async Task Rejects_a_header_without_alg()
    {
        var token = Sign(Json(new { typ = "JWT", kid = "rsa-1" }), Json(Claims()), data => SignRs256(Rsa, data));

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(token));
    }

    [Fact]
    public async Task Rejects_RS256_naming_an_EC_key()
    {
        var token = Sign(Json(Header("RS256", "ec-1")), Json(Claims()), data => SignRs256(Rsa, data));

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(token));
    }

    [Fact]
    public async Task Rejects_ES256_naming_an_RSA_key()
    {
        var token = Sign(Json(Header("ES256", "rsa-1")), Json(Claims()), data => SignEs256(Ec, data));

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(token));
    }

    [Fact]
    public async Task Rejects_an_unknown_kid()
    {
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(await Refusal(Rs256(Claims(), kid: "rsa-2")));
    }

    [Fact]
    public async Task Rejects_a_critical_header_extension()
    {
        var header = Header("ES256", "ec-1");
        header["crit"] = new[] { "exp" };
        var token = Sign(Json(header), Json(Claims()), data => SignEs256(Ec, data));

        await AssertRefusedFor(TokenRefusal.UnsupportedHeader, token);
    }

    [Fact]
    public async Task Rejects_an_ES256_signature_in_DER_form()
    {
        var token = Sign(
            Json(Header("ES256", "ec-1")),
            Json(Claims()),
            data => Ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal(token));
    }

    [Fact]
    public async Task Rejects_an_expired_token()
    {
        var token = Rs256(Claims(c => c["exp"] = Now.AddSeconds(-31).ToUnixTimeSeconds()));

        Assert.IsType<SecurityTokenExpiredException>(await Refusal(token));
    }

    [Fact]
    public async Task Accepts_a_token_expired_within_the_clock_skew()
    {
        var token = Rs256(Claims(c => c["exp"] = Now.AddSeconds(-29).ToUnixTimeSeconds()));

        Assert.Null(await Refusal(token));
    }

    [Fact]
    public async Task Clock_skew_is_configurable()
    {
        var token = Rs256(Claims(c => c["exp"] = Now.AddSeconds(-1).ToUnixTimeSeconds()));

        Assert.IsType<SecurityTokenExpiredException>(await Refusal(token, NoSkewHost));
    }

    [Fact]
    public async Task Rejects_a_token_not_yet_valid()
    {
        var token = Rs256(Claims(c => c["nbf"] = Now.AddSeconds(31).ToUnixTimeSeconds()));

        Assert.IsType<SecurityTokenNotYetValidException>(await Refusal(token));
    }

    [Fact]
    public async Task Accepts_a_not_before_within_the_clock_skew()
    {
        var token = Rs256(Claims(c => c["nbf"] = Now.AddSeconds(29).ToUnixTimeSeconds()));

        Assert.Null(await Refusal(token));
    }

    [Fact]
    public async Task Rejects_a_token_issued_in_the_future()
    {
        var token = Rs256(Claims(c => c["iat"] = Now.AddMinutes(5).ToUnixTimeSeconds()));

        Assert.IsType<SecurityTokenNotYetValidException>(await Refusal(token));
    }

    [Fact]
    public async Task Accepts_an_issued_at_within_the_clock_skew()
    {
        var token = Rs256(Claims(c => c["iat"] = Now.AddSeconds(29).ToUnixTimeSeconds()));

        Assert.Null(await Refusal(token));
    }

    [Fact]
    public async Task Rejects_a_missing_exp()
    {
        Assert.IsType<SecurityTokenNoExpirationException>(await Refusal(Rs256(Claims(c => c.Remove("exp")))));
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData(null)]
    public async Task Rejects_an_exp_that_is_not_a_number(string? exp)
    {
        await AssertUnreadable("payload", Rs256(Claims(c => c["exp"] = exp)));
    }

    [Theory]
    [InlineData("nbf")]
    [InlineData("iat")]
    public async Task Rejects_an_nbf_or_iat_that_is_not_a_number(string claim)
    {
        await AssertUnreadable("payload", Rs256(Claims(c => c[claim] = "soon")));
    }

    [Fact]
    public async Task Rejects_an_absurd_exp_without_overflowing()
    {
        var token = Sign(
            Json(Header("RS256", "rsa-1")),
            Utf8(Encoding.UTF8.GetString(Json(Claims(c => c.Remove("exp")))).TrimEnd('}') + ",\"exp\":1e400}"),
            data => SignRs256(Rsa, data));

        await AssertUnreadable("payload", token);
    }

    [Fact]
    public async Task Rejects_a_wrong_issuer()
    {
        Assert.IsType<SecurityTokenInvalidIssuerException>(await Refusal(Rs256(Claims(c => c["iss"] = "https://evil.example.org"))));
    }

    [Fact]
    public async Task Rejects_a_missing_issuer()
    {
        Assert.IsType<SecurityTokenInvalidIssuerException>(await Refusal(Rs256(Claims(c => c.Remove("iss")))));
    }

    [Fact]
    public async Task Rejects_a_wrong_audience()
    {
        Assert.IsType<SecurityTokenInvalidAudienceException>(await Refusal(Rs256(Claims(c => c["aud"] = "another-api"))));
    }

    [Fact]
    public async Task Rejects_a_missing_audience()
    {
        Assert.IsType<SecurityTokenInvalidAudienceException>(await Refusal(Rs256(Claims(c => c.Remove("aud")))));
    }

    [Fact]
    public async Task Accepts_an_audience_array_containing_ours()
    {
        Assert.Null(await Refusal(Rs256(Claims(c => c["aud"] = new[] { "another-api", Audience }))));
    }

    [Fact]
    public async Task Rejects_an_audience_array_without_ours()
    {
        Assert.IsType<SecurityTokenInvalidAudienceException>(await Refusal(Rs256(Claims(c => c["aud"] = new[] { "another-api" }))));
    }

    [Theory]
    [InlineData("!!!.e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9=.e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9 .e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9x.e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9+.e30.e30")]
    public async Task Rejects_malformed_base64(string token)
    {
        await AssertUnreadable("header", token);
    }

    [Fact]
    public async Task Rejects_a_malformed_base64_signature()
    {
        var parts = Rs256(Claims()).Split('.');

        Assert.IsType<SecurityTokenInvalidSignatureException>(await Refusal($"{parts[0]}.{parts[1]}.{parts[2]}x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Rejects_an_empty_token(string token)
    {
        await AssertRefusedFor(TokenRefusal.Malformed, token);
    }

    [Theory]
    [InlineData("e30")]
    [InlineData("e30.e30")]
    [InlineData("e30.e30.e30.e30")]
    [InlineData("...")]
    public async Task Rejects_a_token_without_exactly_three_parts(string token)
    {
        Assert.IsType<SecurityTokenMalformedException>(await Refusal(token));
    }

    [Theory]
    [InlineData("{\"alg\":\"RS256\"")]
    [InlineData("[\"RS256\"]")]
    [InlineData("\u00ff\u00fe")]
    public async Task Rejects_a_malformed_JSON_header(string header)
    {
        var token = Sign(Utf8(header), Json(Claims()), data => SignRs256(Rsa, data));

        await AssertUnreadable("header", token);
    }

    [Fact]
    public async Task Rejects_a_header_naming_alg_twice()
    {
        // IdentityModel reads the last alg: "none" here, which no key verifies.
        var none = Sign(Utf8("{\"alg\":\"RS256\",\"alg\":\"none\"}"), Json(Claims()), data => SignRs256(Rsa, data));
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(await Refusal(none));

        // Here it would read RS256 and verify; the strict second reading refuses the duplicate.
        var rs256 = Sign(Utf8("{\"alg\":\"none\",\"alg\":\"RS256\"}"), Json(Claims()), data => SignRs256(Rsa, data));
        await AssertRefusedFor(TokenRefusal.Malformed, rs256);
    }

    [Theory]
    [InlineData("{\"sub\":")]
    [InlineData("\"just a string\"")]
    [InlineData("not json")]
    public async Task Rejects_a_malformed_JSON_payload(string payload)
    {
        var token = Sign(Json(Header("RS256", "rsa-1")), Utf8(payload), data => SignRs256(Rsa, data));

        await AssertUnreadable("payload", token);
    }

    [Fact]
    public async Task Rejects_duplicate_claims()
    {
        // Two parsers reading different 'roles' from one signed payload is how privilege slips in.
        var payload = Encoding.UTF8.GetString(Json(Claims())).TrimEnd('}') + ",\"roles\":[\"auditor\"]}";
        var token = Sign(Json(Header("RS256", "rsa-1")), Utf8(payload), data => SignRs256(Rsa, data));

        await AssertRefusedFor(TokenRefusal.Malformed, token);
    }

    [Fact]
    public async Task Rejects_an_oversized_token()
    {
        var token = Rs256(Claims(c => c["name"] = new string('x', CaseworkTokenRules.MaxTokenLength)));

        var refusal = await Refusal(token);

        Assert.IsType<ArgumentException>(refusal);
        Assert.StartsWith("IDX10209:", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_missing_sub()
    {
        await AssertRefusedFor(TokenRefusal.InvalidSubject, Rs256(Claims(c => c.Remove("sub"))));
    }

    [Theory]
    [InlineData("jo.bloggs")]
    [InlineData("")]
    [InlineData("{3f2c8a9e-1b4d-4c7e-9a10-2b3c4d5e6f70}")]
    [InlineData("3f2c8a9e1b4d4c7e9a102b3c4d5e6f70")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Rejects_a_sub_that_is_not_a_GUID(string sub)
    {
        await AssertRefusedFor(TokenRefusal.InvalidSubject, Rs256(Claims(c => c["sub"] = sub)));
    }

    [Fact]
    public async Task Rejects_a_missing_name()
    {
        await AssertRefusedFor(TokenRefusal.InvalidName, Rs256(Claims(c => c.Remove("name"))));
    }

    [Fact]
    public async Task Rejects_a_token_without_tenants()
    {
        await AssertRefusedFor(TokenRefusal.InvalidTenants, Rs256(Claims(c => c.Remove("tenants"))));
    }

    [Fact]
    public async Task Rejects_an_empty_tenant_list()
    {
        await AssertRefusedFor(TokenRefusal.InvalidTenants, Rs256(Claims(c => c["tenants"] = Array.Empty<string>())));
    }

    [Fact]
    public async Task Rejects_both_tenant_and_tenants()
    {
        await AssertRefusedFor(TokenRefusal.InvalidTenants, Rs256(Claims(c => c["tenant"] = "clarendon")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("st thomas")]
    [InlineData("st-thomas\n")]
    public async Task Rejects_a_tenant_id_that_is_not_a_slug(string tenant)
    {
        await AssertRefusedFor(TokenRefusal.InvalidTenants, Rs256(Claims(c => c["tenants"] = new[] { tenant })));
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("DSL")]
    public async Task Rejects_a_token_naming_an_unknown_role(string role)
    {
        await AssertRefusedFor(TokenRefusal.InvalidRoles, Rs256(Claims(c => c["roles"] = new[] { "staff", role })));
    }

    [Fact]
    public async Task Rejects_a_token_without_roles()
    {
        await AssertRefusedFor(TokenRefusal.InvalidRoles, Rs256(Claims(c => c.Remove("roles"))));
        await AssertRefusedFor(TokenRefusal.InvalidRoles, Rs256(Claims(c => c["roles"] = Array.Empty<string>())));
    }

    [Fact]
    public async Task Rejects_roles_given_as_a_string()
    {
        await AssertRefusedFor(TokenRefusal.InvalidRoles, Rs256(Claims(c => c["roles"] = "dsl")));
    }
}
