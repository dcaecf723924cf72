using Casework.Cases;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Casework.Auth;

/// <summary>Why Casework's own rules refused a token that JwtBearer had accepted.</summary>
public enum TokenRefusal
{
    Malformed,
    UnsupportedHeader,
    InvalidSubject,
    InvalidName,
    InvalidTenants,
    InvalidRoles,
}

/// <summary>A refusal by <see cref="CaseworkTokenRules"/>. The message never quotes the token, so both may be logged.</summary>
public sealed class CaseworkTokenException(TokenRefusal reason, string message) : SecurityTokenValidationException(message)
{
    public TokenRefusal Reason { get; } = reason;
}

/// <summary>
/// The checks JwtBearer leaves to the application, run once it has verified the signature, issuer, audience and
/// lifetime: no <c>crit</c> header, no duplicate JSON members, no <c>iat</c> in the future, and the claims a
/// <see cref="CurrentUser"/> is made of: <c>sub</c> a GUID, <c>name</c>, <c>tenants</c> (or one <c>tenant</c>, not
/// both) as tenant ids, and <c>roles</c> as Casework roles only.
/// </summary>
public static class CaseworkTokenRules
{
    /// <summary>Far above any real Casework token (well under 1 KiB), far below anything that costs real work to refuse.</summary>
    public const int MaxTokenLength = 8 * 1024;

    public const int MaxNameLength = 200;

    private static readonly JsonDocumentOptions JsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    /// <summary>
    /// JwtBearer's lifetime rule (<c>exp</c> required, <c>nbf</c> honoured, both with the clock skew) on the service's
    /// clock. Throws IdentityModel's own exceptions, so a refusal reads the same as JwtBearer's.
    /// </summary>
    public static bool CheckLifetime(DateTime? notBefore, DateTime? expires, DateTimeOffset now, TimeSpan clockSkew)
    {
        if (expires is not { } expiry)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry (exp).");
        }

        if (notBefore is { } start && start > expiry)
        {
            throw new SecurityTokenInvalidLifetimeException("The token is valid from after it expires.") { NotBefore = start, Expires = expiry };
        }

        var utcNow = now.UtcDateTime;
        if (notBefore is { } validFrom && validFrom > utcNow + clockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = validFrom };
        }

        if (expiry <= utcNow - clockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expiry };
        }

        return true;
    }

    /// <summary>Null when the token passes; otherwise the exception to fail authentication with.</summary>
    public static SecurityTokenException? Refuse(JsonWebToken token, DateTimeOffset now, TimeSpan clockSkew)
    {
        // Read again strictly: two parsers reading different values from one signed document is how privilege slips in.
        using var header = ParseJsonObject(token.EncodedHeader);
        using var payload = ParseJsonObject(token.EncodedPayload);
        if (header is null || payload is null)
        {
            return Refused(TokenRefusal.Malformed, "The token header or payload is not a JSON object with distinct member names.");
        }

        // RFC 7515 4.1.11: a critical extension we do not understand makes the token invalid.
        if (header.RootElement.TryGetProperty("crit", out _))
        {
            return Refused(TokenRefusal.UnsupportedHeader, "The token names critical header extensions.");
        }

        return CheckIssuedAt(payload.RootElement, now, clockSkew) ?? CheckClaims(payload.RootElement);
    }

    private static SecurityTokenException? CheckIssuedAt(JsonElement claims, DateTimeOffset now, TimeSpan clockSkew)
    {
        if (!claims.TryGetProperty("iat", out var iat))
        {
            return null;
        }

        if (iat.ValueKind != JsonValueKind.Number || !iat.TryGetDouble(out var issuedAt) || !double.IsFinite(issuedAt))
        {
            return Refused(TokenRefusal.Malformed, "The token iat is not a NumericDate.");
        }

        // JwtBearer checks nbf and exp but not iat: a token issued in the future was not issued by a clock we trust.
        return issuedAt > now.ToUnixTimeMilliseconds() / 1000.0 + clockSkew.TotalSeconds
            ? new SecurityTokenNotYetValidException("The token was issued in the future.")
            : null;
    }

    private static CaseworkTokenException? CheckClaims(JsonElement claims)
    {
        if (!TryGetString(claims, "sub", out var sub) || !Guid.TryParseExact(sub, "D", out var userId) || userId == Guid.Empty)
        {
            return Refused(TokenRefusal.InvalidSubject, "The token subject is not a user id (a GUID).");
        }

        if (!TryGetString(claims, "name", out var name) || string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            return Refused(TokenRefusal.InvalidName, "The token has no usable display name.");
        }

        if (!HasValidTenants(claims))
        {
            return Refused(TokenRefusal.InvalidTenants, "The token must name one or more valid tenants, in 'tenants' or 'tenant' but not both.");
        }

        // Unknown roles refuse the whole token: a role misspelt at the issuer should be loud, not a quietly weaker user.
        var roles = ReadStringArray(claims, "roles");
        if (roles is null || roles.Count == 0 || !roles.All(RoleNames.All.Contains))
        {
            return Refused(TokenRefusal.InvalidRoles, "The token must name one or more Casework roles, and no others.");
        }

        return null;
    }

    private static bool HasValidTenants(JsonElement claims)
    {
        var hasArray = claims.TryGetProperty(CaseworkClaimTypes.Tenants, out _);
        var hasSingle = claims.TryGetProperty(CaseworkClaimTypes.Tenant, out var single);
        IReadOnlyList<string>? tenants = (hasArray, hasSingle) switch
        {
            (true, false) => ReadStringArray(claims, CaseworkClaimTypes.Tenants),
            (false, true) when single.ValueKind == JsonValueKind.String => [single.GetString()!],
            _ => null,
        };
        return tenants is { Count: > 0 } && tenants.All(CaseworkTenants.IsValidId);
    }

    private static List<string>? ReadStringArray(JsonElement claims, string name)
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

        return values;
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
        try
        {
            var document = JsonDocument.Parse(Base64Url.DecodeFromChars(part), JsonOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static CaseworkTokenException Refused(TokenRefusal reason, string message) => new(reason, message);
}
