using System.Collections.Frozen;
using System.Security.Claims;

namespace Casework.Auth;

/// <summary>The authenticated caller, as named by their bearer token.</summary>
public sealed record CurrentUser(Guid Id, string Name, IReadOnlyList<string> Tenants, IReadOnlyList<string> Roles)
{
    public bool HasRole(string role) => Roles.Contains(role);
}

/// <summary>
/// Claim types on the principal JwtBearer builds: the names as minted (inbound claims are not mapped), so a claim
/// reads the same in the token and in code. An array claim becomes one claim per element.
/// </summary>
public static class CaseworkClaimTypes
{
    /// <summary>
    /// The user id, and the one claim that maps a signed-in user to a person in the school's directory: <c>sub</c> is
    /// the directory id (ADR 14) on the principal; a token from a school's provider is mapped to it by sign-in name
    /// (ADR 31), its own <c>sub</c> never read. It is what R4 compares with an allegation's subject. Who is the headteacher is decided
    /// by the directory, never by a token's roles; a <c>sub</c> of all zeros is refused with the token (no person has it).
    /// </summary>
    public const string UserId = "sub";

    /// <summary>The claim that names the caller's person in the directory: the same claim as <see cref="UserId"/>.</summary>
    public const string DirectoryPersonId = UserId;
    public const string Name = "name";
    public const string Tenants = "tenants";

    /// <summary>A token naming a single tenant may say <c>"tenant": "id"</c> instead of <c>tenants</c>, never both.</summary>
    public const string Tenant = "tenant";

    public const string Roles = "roles";
}

public static class CaseworkTenants
{
    public const int MaxIdLength = 64;

    /// <summary>A tenant id is a slug or a GUID: letters, digits, '-', '_' and '.'; it ends up in logs and event metadata.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

public static class CurrentUserExtensions
{
    /// <summary>The caller behind an authenticated request. Throws if the principal did not come from the bearer scheme.</summary>
    public static CurrentUser ToCurrentUser(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirst(CaseworkClaimTypes.UserId)?.Value, out var id))
        {
            throw new InvalidOperationException("The request has no authenticated Casework user.");
        }

        return new CurrentUser(
            id,
            principal.FindFirst(CaseworkClaimTypes.Name)?.Value ?? "",
            principal.FindAll(c => c.Type is CaseworkClaimTypes.Tenants or CaseworkClaimTypes.Tenant).Select(c => c.Value).Distinct().ToArray(),
            principal.FindAll(CaseworkClaimTypes.Roles).Select(c => c.Value).Distinct().ToArray());
    }
}
