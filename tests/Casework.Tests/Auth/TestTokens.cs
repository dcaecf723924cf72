using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Casework.Tests.Auth;

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Keys and hand-built tokens, so each test can sign exactly the header and payload it means to attack with.</summary>
internal static class TestTokens
{
    public const string Issuer = "https://login.example.org/casework";
    public const string Audience = "casework-api";
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid UserId = Guid.Parse("3f2c8a9e-1b4d-4c7e-9a10-2b3c4d5e6f70");

    public static readonly RSA Rsa = RSA.Create(2048);
    public static readonly ECDsa Ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Production settings trusting <see cref="Rsa"/> as "rsa-1" and <see cref="Ec"/> as "ec-1".</summary>
    public static Dictionary<string, string?> Settings(int? clockSkewSeconds = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Issuer"] = Issuer,
            ["Authentication:Audience"] = Audience,
            ["Authentication:Keys:0:Kid"] = "rsa-1",
            ["Authentication:Keys:0:Pem"] = Rsa.ExportSubjectPublicKeyInfoPem(),
            ["Authentication:Keys:1:Kid"] = "ec-1",
            ["Authentication:Keys:1:Pem"] = Ec.ExportSubjectPublicKeyInfoPem(),
        };
        if (clockSkewSeconds is { } skew)
        {
            settings["Authentication:ClockSkewSeconds"] = skew.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public static Dictionary<string, object?> Claims() => new()
    {
        ["iss"] = Issuer,
        ["aud"] = Audience,
        ["sub"] = UserId.ToString(),
        ["name"] = "Jo Bloggs",
        ["tenants"] = new[] { "st-thomas" },
        ["roles"] = new[] { "dsl", "staff" },
        ["iat"] = Now.AddMinutes(-1).ToUnixTimeSeconds(),
        ["exp"] = Now.AddMinutes(10).ToUnixTimeSeconds(),
    };

    public static Dictionary<string, object?> Claims(Action<Dictionary<string, object?>> change)
    {
        var claims = Claims();
        change(claims);
        return claims;
    }

    public static Dictionary<string, object?> Header(string alg, string? kid)
    {
        var header = new Dictionary<string, object?> { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        return header;
    }

    public static string Rs256(object claims, string? kid = "rsa-1", RSA? key = null) =>
        Sign(Json(Header("RS256", kid)), Json(claims), data => SignRs256(key ?? Rsa, data));

    public static string Es256(object claims, string? kid = "ec-1", ECDsa? key = null) =>
        Sign(Json(Header("ES256", kid)), Json(claims), data => SignEs256(key ?? Ec, data));

    public static byte[] SignRs256(RSA key, byte[] data) =>
        key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public static byte[] SignEs256(ECDsa key, byte[] data) =>
        key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static string Sign(byte[] header, byte[] payload, Func<byte[], byte[]> sign)
    {
        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        return $"{signingInput}.{Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    public static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
