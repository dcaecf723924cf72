using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Casework.Auth;

/// <summary>
/// The public keys that may sign Casework tokens, as IdentityModel keys: RSA of 2048 bits or more (RS256),
/// or EC on P-256 (ES256). Anything else is refused when the key is loaded, so a weak key stops the service.
/// </summary>
public static class SigningKeys
{
    public static SecurityKey FromRsa(RSA key, string? kid)
    {
        if (key.KeySize < 2048)
        {
            throw new InvalidOperationException("RSA signing keys must be at least 2048 bits.");
        }

        return new RsaSecurityKey(key.ExportParameters(includePrivateParameters: false)) { KeyId = kid };
    }

    public static SecurityKey FromECDsa(ECDsa key, string? kid)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new InvalidOperationException("EC signing keys must be on the P-256 curve (ES256).");
        }

        // A public-only copy that lives as long as the service: the caller may dispose the key it passed.
        return new ECDsaSecurityKey(ECDsa.Create(parameters)) { KeyId = kid };
    }

    /// <summary>An RSA or EC public key in PEM (a private key is accepted too; only its public half is kept).</summary>
    public static SecurityKey FromPem(string pem, string? kid)
    {
        using (var rsa = RSA.Create())
        {
            if (TryImportPem(rsa, pem))
            {
                return FromRsa(rsa, kid);
            }
        }

        using var ec = ECDsa.Create();
        if (TryImportPem(ec, pem))
        {
            return FromECDsa(ec, kid);
        }

        throw new InvalidOperationException($"Signing key '{kid}' is not an RSA or EC public key in PEM.");
    }

    /// <summary>
    /// The signing keys of a JSON Web Key Set. Keys for encryption or for other algorithms are skipped;
    /// a malformed RSA or P-256 key (an EC point off the curve, say) is an error rather than silently ignored.
    /// </summary>
    public static IReadOnlyList<SecurityKey> FromJwks(string json)
    {
        try
        {
            var keys = new List<SecurityKey>();
            foreach (var jwk in new JsonWebKeySet(json).Keys)
            {
                if (!string.IsNullOrEmpty(jwk.Use) && jwk.Use != JsonWebKeyUseNames.Sig)
                {
                    continue;
                }

                var alg = string.IsNullOrEmpty(jwk.Alg) ? null : jwk.Alg;
                switch (jwk.Kty)
                {
                    case JsonWebAlgorithmsKeyTypes.RSA when alg is null or SecurityAlgorithms.RsaSha256:
                        using (var rsa = RSA.Create(new RSAParameters { Modulus = Bytes(jwk.N), Exponent = Bytes(jwk.E) }))
                        {
                            keys.Add(FromRsa(rsa, jwk.Kid));
                        }
                        break;
                    case JsonWebAlgorithmsKeyTypes.EllipticCurve when jwk.Crv == JsonWebKeyECTypes.P256 && alg is null or SecurityAlgorithms.EcdsaSha256:
                        var point = new ECPoint { X = Bytes(jwk.X), Y = Bytes(jwk.Y) };
                        using (var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = point }))
                        {
                            keys.Add(FromECDsa(ec, jwk.Kid));
                        }
                        break;
                }
            }

            return keys;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or CryptographicException)
        {
            throw new InvalidOperationException("The JWKS file is not a valid key set of RSA or P-256 keys.", e);
        }
    }

    private static byte[] Bytes(string? base64Url) =>
        string.IsNullOrEmpty(base64Url) ? throw new FormatException("A JWK member is missing.") : Base64UrlEncoder.DecodeBytes(base64Url);

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
}
