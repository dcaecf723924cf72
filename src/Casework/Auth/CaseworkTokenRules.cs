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

    /// <summary>A token from the school's provider naming no member of staff with a role (ADR 31).</summary>
    Unmapped,

    /// <summary>The person's roles need multi-factor authentication and the token does not show it (ADR 31).</summary>
    WeakAuthentication,

    /// <summary>The token lives longer than the idle limit, or has no <c>iat</c> to tell (ADR 31).</summary>
    OutlivesIdleLimit,

    /// <summary>The person signed in longer ago than the absolute limit (ADR 31).</summary>
    SignInTooOld,
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

    /// <summary>
    /// Null when the token passes; otherwise the exception to fail authentication with. With <paramref name="limits"/>
    /// the token must also keep the sign-in limits; with <paramref name="caseworkClaims"/> false its claims are left to
    /// <see cref="SchoolIdentity"/>, which maps them.
    /// </summary>
    public static SecurityTokenException? Refuse(JsonWebToken token, DateTimeOffset now, TimeSpan clockSkew, SignInLimits? limits = null, bool caseworkClaims = true)
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

        return CheckIssuedAt(payload.RootElement, now, clockSkew)
            ?? (limits is null ? null : CheckSignInLimits(payload.RootElement, now, clockSkew, limits))
            ?? (caseworkClaims ? CheckClaims(payload.RootElement) : null);
    }

    /// <summary>The token's payload, read as strictly as <see cref="Refuse"/> reads it; call once it has passed.</summary>
    public static JsonDocument Payload(JsonWebToken token) =>
        ParseJsonObject(token.EncodedPayload) ?? throw new InvalidOperationException("The token payload was checked before.");

    /// <summary>
    /// ADR 31: a token that lives longer than the idle limit would outlast a PC left alone, and a sign-in (<c>auth_time</c>,
    /// or <c>iat</c> without it) older than the absolute limit has lasted longer than a school day, refreshed or not.
    /// </summary>
    private static CaseworkTokenException? CheckSignInLimits(JsonElement claims, DateTimeOffset now, TimeSpan clockSkew, SignInLimits limits)
    {
        if (NumericDate(claims, "iat") is not { } issuedAt || NumericDate(claims, "exp") is not { } expires)
        {
            return Refused(TokenRefusal.OutlivesIdleLimit, "The token has no iat, so how long it lives cannot be told.");
        }

        if (expires - issuedAt > limits.Idle.TotalSeconds + clockSkew.TotalSeconds)
        {
            return Refused(TokenRefusal.OutlivesIdleLimit, "The token lives longer than the idle sign-in limit.");
        }

        var signedIn = claims.TryGetProperty("auth_time", out _) ? NumericDate(claims, "auth_time") : issuedAt;
        return signedIn is not { } at || now.ToUnixTimeMilliseconds() / 1000.0 - at > limits.Absolute.TotalSeconds + clockSkew.TotalSeconds
            ? Refused(TokenRefusal.SignInTooOld, "The sign-in behind the token is older than the absolute sign-in limit.")
            : null;
    }

    private static double? NumericDate(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && double.IsFinite(seconds)
            ? seconds
            : null;

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
