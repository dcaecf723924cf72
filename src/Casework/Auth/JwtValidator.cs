using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Text;
using System.Text.Json;

namespace Casework.Auth;

public enum JwtFailureReason
{
    Malformed,
    TooLarge,
    UnsupportedAlgorithm,
    UnsupportedHeader,
    UnknownKey,
    AlgorithmKeyMismatch,
    BadSignature,
    MissingExpiry,
    Expired,
    NotYetValid,
    WrongIssuer,
    WrongAudience,
    InvalidSubject,
    InvalidName,
    InvalidTenants,
    InvalidRoles,
}

/// <summary>Why a token was refused. The message never quotes the token, so both may be logged.</summary>
public sealed record JwtFailure(JwtFailureReason Reason, string Message);

public sealed record JwtValidationResult(ClaimsPrincipal? Principal, JwtFailure? Failure)
{
    [MemberNotNullWhen(true, nameof(Principal))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Principal is not null;
}

public sealed record JwtValidatorOptions(string Issuer, string Audience, IReadOnlyList<JwtSigningKey> Keys, TimeSpan ClockSkew)
{
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Validates a compact JWS signed with RS256 or ES256 and maps its claims to a Casework principal.
/// Never throws on bad input: every refusal is a <see cref="JwtFailure"/>.
/// </summary>
public sealed class JwtValidator(JwtValidatorOptions options, TimeProvider time)
{
    /// <summary>Far above any real Casework token (well under 1 KiB), far below anything that costs real work to refuse.</summary>
    public const int MaxTokenLength = 8 * 1024;

    public const int MaxNameLength = 200;

    private static readonly JsonDocumentOptions JsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    public JwtValidationResult Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Fail(JwtFailureReason.Malformed, "The token is empty.");
        }

        if (token.Length > MaxTokenLength)
        {
            return Fail(JwtFailureReason.TooLarge, "The token is longer than any Casework token.");
        }

        // Only the base64url alphabet and dots: no padding, no whitespace (which the decoder would otherwise skip).
        if (!token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return Fail(JwtFailureReason.Malformed, "The token has characters outside base64url.");
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return Fail(JwtFailureReason.Malformed, "A token has exactly three parts.");
        }

        using var header = ParseJsonObject(parts[0]);
        if (header is null)
        {
            return Fail(JwtFailureReason.Malformed, "The token header is not a base64url JSON object.");
        }

        var headerCheck = SelectKeys(header.RootElement, out var keys);
        if (headerCheck is not null)
        {
            return new JwtValidationResult(null, headerCheck);
        }

        if (!TryDecode(parts[2], out var signature))
        {
            return Fail(JwtFailureReason.Malformed, "The token signature is not base64url.");
        }

        var signedData = Encoding.ASCII.GetBytes(token, 0, parts[0].Length + 1 + parts[1].Length);
        if (!keys.Any(key => key.Verify(signedData, signature)))
        {
            return Fail(JwtFailureReason.BadSignature, "The token signature does not verify.");
        }

        // The payload is read only once its signature is known to be good.
        using var payload = ParseJsonObject(parts[1]);
        if (payload is null)
        {
            return Fail(JwtFailureReason.Malformed, "The token payload is not a base64url JSON object.");
        }

        return ReadClaims(payload.RootElement);
    }

    private JwtFailure? SelectKeys(JsonElement header, out IReadOnlyList<JwtSigningKey> keys)
    {
        keys = [];
        if (!TryGetString(header, "alg", out var alg) || alg is not (JwtSigningKey.RS256 or JwtSigningKey.ES256))
        {
            return new(JwtFailureReason.UnsupportedAlgorithm, "Only RS256 and ES256 tokens are accepted.");
        }

        // RFC 7515 4.1.11: a critical extension we do not understand makes the token invalid.
        if (header.TryGetProperty("crit", out _))
        {
            return new(JwtFailureReason.UnsupportedHeader, "The token names critical header extensions.");
        }

        // jku, jwk, x5u and x5c are never honoured: keys come from configuration only.
        IEnumerable<JwtSigningKey> candidates = options.Keys;
        if (header.TryGetProperty("kid", out var kid))
        {
            if (kid.ValueKind != JsonValueKind.String)
            {
                return new(JwtFailureReason.Malformed, "The token header kid is not a string.");
            }

            var kidValue = kid.GetString();
            candidates = options.Keys.Where(k => k.Kid == kidValue).ToArray();
            if (!candidates.Any())
            {
                return new(JwtFailureReason.UnknownKey, "The token names a key this service does not trust.");
            }
        }

        keys = candidates.Where(k => k.Algorithm == alg).ToArray();
        return keys.Count == 0
            ? new(JwtFailureReason.AlgorithmKeyMismatch, "The token algorithm does not match the type of its key.")
            : null;
    }

    private JwtValidationResult ReadClaims(JsonElement claims)
    {
        if (!TryGetString(claims, "iss", out var issuer) || issuer != options.Issuer)
        {
            return Fail(JwtFailureReason.WrongIssuer, "The token was not issued by the configured issuer.");
        }

        if (!HasAudience(claims))
        {
            return Fail(JwtFailureReason.WrongAudience, "The token is not meant for this service.");
        }

        var timeFailure = CheckTimes(claims);
        if (timeFailure is not null)
        {
            return new JwtValidationResult(null, timeFailure);
        }

        if (!TryGetString(claims, "sub", out var sub) || !Guid.TryParseExact(sub, "D", out var userId) || userId == Guid.Empty)
        {
            return Fail(JwtFailureReason.InvalidSubject, "The token subject is not a user id (a GUID).");
        }

        if (!TryGetString(claims, "name", out var name) || string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            return Fail(JwtFailureReason.InvalidName, "The token has no usable display name.");
        }

        var tenants = ReadTenants(claims);
        if (tenants is null)
        {
            return Fail(JwtFailureReason.InvalidTenants, "The token must name one or more valid tenants, in 'tenants' or 'tenant' but not both.");
        }

        // Unknown roles refuse the whole token: a role misspelt at the issuer should be loud, not a quietly weaker user.
        var roles = ReadStringArray(claims, "roles");
        if (roles is null || roles.Count == 0 || !roles.All(CaseworkRoles.All.Contains))
        {
            return Fail(JwtFailureReason.InvalidRoles, "The token must name one or more Casework roles, and no others.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(CaseworkClaimTypes.UserId, userId.ToString(), ClaimValueTypes.String, options.Issuer),
                new Claim(CaseworkClaimTypes.Name, name, ClaimValueTypes.String, options.Issuer),
                .. tenants.Select(t => new Claim(CaseworkClaimTypes.Tenant, t, ClaimValueTypes.String, options.Issuer)),
                .. roles.Select(r => new Claim(CaseworkClaimTypes.Role, r, ClaimValueTypes.String, options.Issuer)),
            ],
            authenticationType: "Bearer",
            nameType: CaseworkClaimTypes.Name,
            roleType: CaseworkClaimTypes.Role);
        return new JwtValidationResult(new ClaimsPrincipal(identity), null);
    }

    private bool HasAudience(JsonElement claims)
    {
        if (!claims.TryGetProperty("aud", out var audience))
        {
            return false;
        }

        return audience.ValueKind switch
        {
            JsonValueKind.String => audience.GetString() == options.Audience,
            JsonValueKind.Array => audience.EnumerateArray()
                .Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == options.Audience),
            _ => false,
        };
    }

    private JwtFailure? CheckTimes(JsonElement claims)
    {
        // NumericDates are compared as doubles: no overflow for absurd values, fractions allowed (RFC 7519 2).
        if (!TryGetNumericDate(claims, "exp", out var expires) || expires is null)
        {
            return new(JwtFailureReason.MissingExpiry, "The token has no expiry (exp) as a NumericDate.");
        }

        if (!TryGetNumericDate(claims, "nbf", out var notBefore) || !TryGetNumericDate(claims, "iat", out var issuedAt))
        {
            return new(JwtFailureReason.Malformed, "The token nbf or iat is not a NumericDate.");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        var skew = options.ClockSkew.TotalSeconds;
        if (now >= expires + skew)
        {
            return new(JwtFailureReason.Expired, "The token has expired.");
        }

        if (notBefore > now + skew || issuedAt > now + skew)
        {
            return new(JwtFailureReason.NotYetValid, "The token is not valid yet.");
        }

        return null;
    }

    private static IReadOnlyList<string>? ReadTenants(JsonElement claims)
    {
        var hasArray = claims.TryGetProperty("tenants", out _);
        var hasSingle = claims.TryGetProperty("tenant", out var single);
        IReadOnlyList<string>? tenants = (hasArray, hasSingle) switch
        {
            (true, false) => ReadStringArray(claims, "tenants"),
            (false, true) when single.ValueKind == JsonValueKind.String => [single.GetString()!],
            _ => null,
        };
        return tenants is { Count: > 0 } && tenants.All(CaseworkTenants.IsValidId) ? tenants : null;
    }

    private static IReadOnlyList<string>? ReadStringArray(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var values = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            values.Add(item.GetString()!);
        }

        return values.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>False if present but not a finite number; true with null if absent.</summary>
    private static bool TryGetNumericDate(JsonElement claims, string name, out double? value)
    {
        value = null;
        if (!claims.TryGetProperty(name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private static bool TryGetString(JsonElement element, string name, [NotNullWhen(true)] out string? value)
    {
        value = element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString()
            : null;
        return value is not null;
    }

    private static JsonDocument? ParseJsonObject(string part)
    {
        if (!TryDecode(part, out var bytes))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(bytes, JsonOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryDecode(string part, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static JwtValidationResult Fail(JwtFailureReason reason, string message) =>
        new(null, new JwtFailure(reason, message));
}
