using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Casework.Auth;
using static Casework.Tests.Auth.TestTokens;

namespace Casework.Tests.Auth;

public class JwtValidatorTests
{
    private static JwtFailureReason? Refusal(string token, JwtValidator? validator = null) =>
        (validator ?? Validator()).Validate(token).Failure?.Reason;

    [Fact]
    public void Accepts_a_valid_RS256_token()
    {
        var result = Validator().Validate(Rs256(Claims()));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(UserId.ToString(), result.Principal.FindFirst(CaseworkClaimTypes.UserId)?.Value);
    }

    [Fact]
    public void Accepts_a_valid_ES256_token()
    {
        var result = Validator().Validate(Es256(Claims()));

        Assert.True(result.Succeeded, result.Failure?.Message);
    }

    [Fact]
    public void Accepts_a_token_without_kid_signed_by_a_trusted_key()
    {
        Assert.Null(Refusal(Es256(Claims(), kid: null)));
        Assert.Null(Refusal(Rs256(Claims(), kid: null)));
    }

    [Fact]
    public void Maps_the_claims_to_the_current_user()
    {
        var principal = Validator().Validate(Rs256(Claims())).Principal!;

        var user = principal.ToCurrentUser();

        Assert.Equal(UserId, user.Id);
        Assert.Equal("Jo Bloggs", user.Name);
        Assert.Equal(["st-thomas"], user.Tenants);
        Assert.Equal(["dsl", "staff"], user.Roles);
        Assert.True(user.HasRole(CaseworkRoles.Dsl));
        Assert.True(principal.IsInRole("dsl"));
        Assert.Equal("Jo Bloggs", principal.Identity?.Name);
    }

    [Fact]
    public void A_principal_that_is_not_authenticated_has_no_current_user()
    {
        Assert.Throws<InvalidOperationException>(() => new ClaimsPrincipal(new ClaimsIdentity()).ToCurrentUser());
    }

    [Fact]
    public void Accepts_a_single_tenant_string()
    {
        var claims = Claims(c =>
        {
            c.Remove("tenants");
            c["tenant"] = "st-thomas";
        });

        var user = Validator().Validate(Rs256(claims)).Principal!.ToCurrentUser();

        Assert.Equal(["st-thomas"], user.Tenants);
    }

    [Fact]
    public void Accepts_several_tenants_for_a_LADO_liaison()
    {
        var claims = Claims(c =>
        {
            c["tenants"] = new[] { "st-thomas", "clarendon" };
            c["roles"] = new[] { "lado-liaison" };
        });

        var user = Validator().Validate(Es256(claims)).Principal!.ToCurrentUser();

        Assert.Equal(["st-thomas", "clarendon"], user.Tenants);
    }

    [Fact]
    public void Rejects_a_bad_signature()
    {
        using var otherKey = RSA.Create(2048);

        Assert.Equal(JwtFailureReason.BadSignature, Refusal(Rs256(Claims(), key: otherKey)));
    }

    [Fact]
    public void Rejects_a_tampered_payload()
    {
        var parts = Rs256(Claims()).Split('.');
        var elevated = Base64Url.EncodeToString(Json(Claims(c => c["roles"] = new[] { "auditor" })));

        Assert.Equal(JwtFailureReason.BadSignature, Refusal($"{parts[0]}.{elevated}.{parts[2]}"));
    }

    [Fact]
    public void Rejects_any_single_character_change()
    {
        var token = Es256(Claims());

        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.NotNull(Refusal(changed));
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public void Rejects_alg_none(string alg)
    {
        var unsigned = $"{Base64Url.EncodeToString(Json(Header(alg, null)))}.{Base64Url.EncodeToString(Json(Claims()))}.";

        Assert.Equal(JwtFailureReason.UnsupportedAlgorithm, Refusal(unsigned));
    }

    [Fact]
    public void Rejects_HS256()
    {
        var token = Sign(Json(Header("HS256", null)), Json(Claims()), data => HMACSHA256.HashData(Utf8("secret"), data));

        Assert.Equal(JwtFailureReason.UnsupportedAlgorithm, Refusal(token));
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("der")]
    public void Rejects_HS256_signed_with_the_RSA_public_key_as_the_secret(string encoding)
    {
        // The classic confusion attack: a validator that lets the header pick the algorithm would HMAC with the public key.
        var secret = encoding == "pem" ? Utf8(Rsa.ExportSubjectPublicKeyInfoPem()) : Rsa.ExportSubjectPublicKeyInfo();
        var token = Sign(Json(Header("HS256", "rsa-1")), Json(Claims()), data => HMACSHA256.HashData(secret, data));

        Assert.Equal(JwtFailureReason.UnsupportedAlgorithm, Refusal(token));
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
    public void Rejects_algorithms_outside_the_allow_list(string alg)
    {
        var token = Sign(Json(Header(alg, "rsa-1")), Json(Claims()), data => SignRs256(Rsa, data));

        Assert.Equal(JwtFailureReason.UnsupportedAlgorithm, Refusal(token));
    }

    [Fact]
    public void Rejects_a_header_without_alg()
    {
        var token = Sign(Json(new { typ = "JWT", kid = "rsa-1" }), Json(Claims()), data => SignRs256(Rsa, data));

        Assert.Equal(JwtFailureReason.UnsupportedAlgorithm, Refusal(token));
    }

    [Fact]
    public void Rejects_RS256_naming_an_EC_key()
    {
        var token = Sign(Json(Header("RS256", "ec-1")), Json(Claims()), data => SignRs256(Rsa, data));

        Assert.Equal(JwtFailureReason.AlgorithmKeyMismatch, Refusal(token));
    }

    [Fact]
    public void Rejects_ES256_naming_an_RSA_key()
    {
        var token = Sign(Json(Header("ES256", "rsa-1")), Json(Claims()), data => SignEs256(Ec, data));

        Assert.Equal(JwtFailureReason.AlgorithmKeyMismatch, Refusal(token));
    }

    [Fact]
    public void Rejects_an_unknown_kid()
    {
        Assert.Equal(JwtFailureReason.UnknownKey, Refusal(Rs256(Claims(), kid: "rsa-2")));
    }

    [Fact]
    public void Rejects_a_critical_header_extension()
    {
        var header = Header("ES256", "ec-1");
        header["crit"] = new[] { "exp" };
        var token = Sign(Json(header), Json(Claims()), data => SignEs256(Ec, data));

        Assert.Equal(JwtFailureReason.UnsupportedHeader, Refusal(token));
    }

    [Fact]
    public void Rejects_an_ES256_signature_in_DER_form()
    {
        var token = Sign(
            Json(Header("ES256", "ec-1")),
            Json(Claims()),
            data => Ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        Assert.Equal(JwtFailureReason.BadSignature, Refusal(token));
    }

    [Fact]
    public void Rejects_an_expired_token()
    {
        var token = Rs256(Claims(c => c["exp"] = Now.AddSeconds(-31).ToUnixTimeSeconds()));

        Assert.Equal(JwtFailureReason.Expired, Refusal(token));
    }

    [Fact]
    public void Accepts_a_token_expired_within_the_clock_skew()
    {
        var token = Rs256(Claims(c => c["exp"] = Now.AddSeconds(-29).ToUnixTimeSeconds()));

        Assert.Null(Refusal(token));
    }

    [Fact]
    public void Clock_skew_is_configurable()
    {
        var token = Rs256(Claims(c => c["exp"] = Now.AddSeconds(-1).ToUnixTimeSeconds()));

        Assert.Equal(JwtFailureReason.Expired, Refusal(token, Validator(clockSkew: TimeSpan.Zero)));
    }

    [Fact]
    public void Rejects_a_token_not_yet_valid()
    {
        var token = Rs256(Claims(c => c["nbf"] = Now.AddSeconds(31).ToUnixTimeSeconds()));

        Assert.Equal(JwtFailureReason.NotYetValid, Refusal(token));
    }

    [Fact]
    public void Accepts_a_not_before_within_the_clock_skew()
    {
        var token = Rs256(Claims(c => c["nbf"] = Now.AddSeconds(29).ToUnixTimeSeconds()));

        Assert.Null(Refusal(token));
    }

    [Fact]
    public void Rejects_a_token_issued_in_the_future()
    {
        var token = Rs256(Claims(c => c["iat"] = Now.AddMinutes(5).ToUnixTimeSeconds()));

        Assert.Equal(JwtFailureReason.NotYetValid, Refusal(token));
    }

    [Fact]
    public void Rejects_a_missing_exp()
    {
        Assert.Equal(JwtFailureReason.MissingExpiry, Refusal(Rs256(Claims(c => c.Remove("exp")))));
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData(null)]
    public void Rejects_an_exp_that_is_not_a_number(string? exp)
    {
        Assert.Equal(JwtFailureReason.MissingExpiry, Refusal(Rs256(Claims(c => c["exp"] = exp))));
    }

    [Fact]
    public void Rejects_an_absurd_exp_without_overflowing()
    {
        var token = Sign(
            Json(Header("RS256", "rsa-1")),
            Utf8(Encoding.UTF8.GetString(Json(Claims(c => c.Remove("exp")))).TrimEnd('}') + ",\"exp\":1e400}"),
            data => SignRs256(Rsa, data));

        Assert.NotNull(Refusal(token));
    }

    [Fact]
    public void Rejects_a_wrong_issuer()
    {
        Assert.Equal(JwtFailureReason.WrongIssuer, Refusal(Rs256(Claims(c => c["iss"] = "https://evil.example.org"))));
    }

    [Fact]
    public void Rejects_a_missing_issuer()
    {
        Assert.Equal(JwtFailureReason.WrongIssuer, Refusal(Rs256(Claims(c => c.Remove("iss")))));
    }

    [Fact]
    public void Rejects_a_wrong_audience()
    {
        Assert.Equal(JwtFailureReason.WrongAudience, Refusal(Rs256(Claims(c => c["aud"] = "another-api"))));
    }

    [Fact]
    public void Rejects_a_missing_audience()
    {
        Assert.Equal(JwtFailureReason.WrongAudience, Refusal(Rs256(Claims(c => c.Remove("aud")))));
    }

    [Fact]
    public void Accepts_an_audience_array_containing_ours()
    {
        Assert.Null(Refusal(Rs256(Claims(c => c["aud"] = new[] { "another-api", Audience }))));
    }

    [Fact]
    public void Rejects_an_audience_array_without_ours()
    {
        Assert.Equal(JwtFailureReason.WrongAudience, Refusal(Rs256(Claims(c => c["aud"] = new[] { "another-api" }))));
    }

    [Theory]
    [InlineData("!!!.e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9=.e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9 .e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9x.e30.e30")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9+.e30.e30")]
    public void Rejects_malformed_base64(string token)
    {
        Assert.Equal(JwtFailureReason.Malformed, Refusal(token));
    }

    [Fact]
    public void Rejects_a_malformed_base64_signature()
    {
        var parts = Rs256(Claims()).Split('.');

        Assert.Equal(JwtFailureReason.Malformed, Refusal($"{parts[0]}.{parts[1]}.{parts[2]}x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("e30")]
    [InlineData("e30.e30")]
    [InlineData("e30.e30.e30.e30")]
    [InlineData("...")]
    public void Rejects_a_token_without_exactly_three_parts(string? token)
    {
        Assert.Equal(JwtFailureReason.Malformed, Refusal(token!));
    }

    [Theory]
    [InlineData("{\"alg\":\"RS256\"")]
    [InlineData("[\"RS256\"]")]
    [InlineData("{\"alg\":\"RS256\",\"alg\":\"none\"}")]
    [InlineData("\u00ff\u00fe")]
    public void Rejects_a_malformed_JSON_header(string header)
    {
        var token = Sign(Utf8(header), Json(Claims()), data => SignRs256(Rsa, data));

        Assert.Equal(JwtFailureReason.Malformed, Refusal(token));
    }

    [Theory]
    [InlineData("{\"sub\":")]
    [InlineData("\"just a string\"")]
    [InlineData("not json")]
    public void Rejects_a_malformed_JSON_payload(string payload)
    {
        var token = Sign(Json(Header("RS256", "rsa-1")), Utf8(payload), data => SignRs256(Rsa, data));

        Assert.Equal(JwtFailureReason.Malformed, Refusal(token));
    }

    [Fact]
    public void Rejects_duplicate_claims()
    {
        // Two parsers reading different 'roles' from one signed payload is how privilege slips in.
        var payload = Encoding.UTF8.GetString(Json(Claims())).TrimEnd('}') + ",\"roles\":[\"auditor\"]}";
        var token = Sign(Json(Header("RS256", "rsa-1")), Utf8(payload), data => SignRs256(Rsa, data));

        Assert.Equal(JwtFailureReason.Malformed, Refusal(token));
    }

    [Fact]
    public void Rejects_an_oversized_token()
    {
        var token = Rs256(Claims(c => c["name"] = new string('x', JwtValidator.MaxTokenLength)));

        Assert.Equal(JwtFailureReason.TooLarge, Refusal(token));
    }

    [Fact]
    public void Rejects_a_missing_sub()
    {
        Assert.Equal(JwtFailureReason.InvalidSubject, Refusal(Rs256(Claims(c => c.Remove("sub")))));
    }

    [Theory]
    [InlineData("jo.bloggs")]
    [InlineData("")]
    [InlineData("{3f2c8a9e-1b4d-4c7e-9a10-2b3c4d5e6f70}")]
    [InlineData("3f2c8a9e1b4d4c7e9a102b3c4d5e6f70")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void Rejects_a_sub_that_is_not_a_GUID(string sub)
    {
        Assert.Equal(JwtFailureReason.InvalidSubject, Refusal(Rs256(Claims(c => c["sub"] = sub))));
    }

    [Fact]
    public void Rejects_a_missing_name()
    {
        Assert.Equal(JwtFailureReason.InvalidName, Refusal(Rs256(Claims(c => c.Remove("name")))));
    }

    [Fact]
    public void Rejects_a_token_without_tenants()
    {
        Assert.Equal(JwtFailureReason.InvalidTenants, Refusal(Rs256(Claims(c => c.Remove("tenants")))));
    }

    [Fact]
    public void Rejects_an_empty_tenant_list()
    {
        Assert.Equal(JwtFailureReason.InvalidTenants, Refusal(Rs256(Claims(c => c["tenants"] = Array.Empty<string>()))));
    }

    [Fact]
    public void Rejects_both_tenant_and_tenants()
    {
        Assert.Equal(JwtFailureReason.InvalidTenants, Refusal(Rs256(Claims(c => c["tenant"] = "clarendon"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("st thomas")]
    [InlineData("st-thomas\n")]
    public void Rejects_a_tenant_id_that_is_not_a_slug(string tenant)
    {
        Assert.Equal(JwtFailureReason.InvalidTenants, Refusal(Rs256(Claims(c => c["tenants"] = new[] { tenant }))));
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("DSL")]
    public void Rejects_a_token_naming_an_unknown_role(string role)
    {
        Assert.Equal(JwtFailureReason.InvalidRoles, Refusal(Rs256(Claims(c => c["roles"] = new[] { "staff", role }))));
    }

    [Fact]
    public void Rejects_a_token_without_roles()
    {
        Assert.Equal(JwtFailureReason.InvalidRoles, Refusal(Rs256(Claims(c => c.Remove("roles")))));
        Assert.Equal(JwtFailureReason.InvalidRoles, Refusal(Rs256(Claims(c => c["roles"] = Array.Empty<string>()))));
    }

    [Fact]
    public void Rejects_roles_given_as_a_string()
    {
        Assert.Equal(JwtFailureReason.InvalidRoles, Refusal(Rs256(Claims(c => c["roles"] = "dsl"))));
    }
}
