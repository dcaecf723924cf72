using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Casework.Auth;

/// <summary>
/// A public key that may sign tokens: RSA (2048 bits or more) for RS256, or EC P-256 for ES256.
/// Only the public parameters are kept; a fresh RSA/ECDsa object is made per verification, so a key is immutable and thread-safe.
/// </summary>
public sealed class JwtSigningKey
{
    public const string RS256 = "RS256";
    public const string ES256 = "ES256";

    private readonly RSAParameters? rsa;
    private readonly ECParameters? ec;

    private JwtSigningKey(string? kid, RSAParameters? rsa, ECParameters? ec)
    {
        Kid = kid;
        this.rsa = rsa;
        this.ec = ec;
    }

    public string? Kid { get; }

    /// <summary>The one algorithm this key verifies: RS256 for RSA, ES256 for P-256.</summary>
    public string Algorithm => rsa is null ? ES256 : RS256;

    public static JwtSigningKey FromRsa(RSA key, string? kid)
    {
        if (key.KeySize < 2048)
        {
            throw new InvalidOperationException("RSA signing keys must be at least 2048 bits.");
        }

        return new JwtSigningKey(kid, key.ExportParameters(includePrivateParameters: false), null);
    }

    public static JwtSigningKey FromECDsa(ECDsa key, string? kid)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new InvalidOperationException("EC signing keys must be on the P-256 curve (ES256).");
        }

        return new JwtSigningKey(kid, null, parameters);
    }

    /// <summary>An RSA or EC public key in PEM (a private key is accepted too; only its public half is kept).</summary>
    public static JwtSigningKey FromPem(string pem, string? kid)
    {
        using (var rsaKey = RSA.Create())
        {
            if (TryImportPem(rsaKey, pem))
            {
                return FromRsa(rsaKey, kid);
            }
        }

        using var ecKey = ECDsa.Create();
        if (TryImportPem(ecKey, pem))
        {
            return FromECDsa(ecKey, kid);
        }

        throw new InvalidOperationException($"Signing key '{kid}' is not an RSA or EC public key in PEM.");
    }

    /// <summary>
    /// The signing keys of a JSON Web Key Set. Keys for encryption or for other algorithms are skipped;
    /// a malformed RSA or P-256 key is an error rather than silently ignored.
    /// </summary>
    public static IReadOnlyList<JwtSigningKey> FromJwks(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var keys = new List<JwtSigningKey>();
            foreach (var jwk in document.RootElement.GetProperty("keys").EnumerateArray())
            {
                var kid = OptionalString(jwk, "kid");
                var use = OptionalString(jwk, "use");
                var alg = OptionalString(jwk, "alg");
                if (use is not null && use != "sig")
                {
                    continue;
                }

                switch (OptionalString(jwk, "kty"))
                {
                    case "RSA" when alg is null or RS256:
                        using (var key = RSA.Create(new RSAParameters { Modulus = Bytes(jwk, "n"), Exponent = Bytes(jwk, "e") }))
                        {
                            keys.Add(FromRsa(key, kid));
                        }
                        break;
                    case "EC" when OptionalString(jwk, "crv") == "P-256" && alg is null or ES256:
                        var point = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") };
                        using (var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = point }))
                        {
                            keys.Add(FromECDsa(key, kid));
                        }
                        break;
                }
            }

            return keys;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or CryptographicException)
        {
            throw new InvalidOperationException("The JWKS file is not a valid key set of RSA or P-256 keys.", e);
        }
    }

    internal bool Verify(ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
    {
        try
        {
            if (rsa is { } rsaParameters)
            {
                using var key = RSA.Create(rsaParameters);
                return key.VerifyData(signedData, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }

            using var ecKey = ECDsa.Create(ec!.Value);
            // JWS uses the fixed 64-byte r||s form; a DER signature is a different token, not an alternative spelling.
            return signature.Length == 64
                && ecKey.VerifyData(signedData, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool TryImportPem(AsymmetricAlgorithm key, string pem)
    {
        try
        {
            key.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Bytes(JsonElement jwk, string name) =>
        Base64Url.DecodeFromChars(jwk.GetProperty(name).GetString() ?? throw new FormatException($"JWK member '{name}' is missing."));
}
