using System.Security.Claims;
using Casework.Auth;
using Casework.Cases;

namespace Casework.Http;

/// <summary>
/// Who is calling and for which school. A token naming one tenant acts in it; a token naming several
/// (a local authority's LADO liaison, a trust's auditor) chooses one per request with the
/// <c>X-Casework-Tenant</c> header, which must be among the token's tenants.
/// </summary>
public sealed record Caller(CurrentUser User, string Tenant, Actor Actor)
{
    public const string TenantHeader = "X-Casework-Tenant";

    public static Caller From(HttpContext http)
    {
        var user = http.User.ToCurrentUser();
        var requested = http.Request.Headers[TenantHeader].ToString();
        string tenant;
        if (requested.Length > 0)
        {
            tenant = user.Tenants.Contains(requested)
                ? requested
                : throw new CallerRefused(StatusCodes.Status403Forbidden, "Your token does not name that school.", TenantHeader);
        }
        else
        {
            tenant = user.Tenants.Count == 1
                ? user.Tenants[0]
                : throw new CallerRefused(StatusCodes.Status400BadRequest, $"Your token names several schools: choose one with the {TenantHeader} header.", TenantHeader);
        }
        return new Caller(user, tenant, new Actor(user.Id, user.Roles.Select(ParseRole).ToHashSet()));
    }

    public string PrimaryRole => User.Roles.Count > 0 ? User.Roles[0] : "none";

    private static Role ParseRole(string role) => RoleNames.TryParse(role, out var parsed) ? parsed
        : throw new CallerRefused(StatusCodes.Status403Forbidden, "Your token names a role Casework does not know.", "role");
}

/// <summary>A request refused before any case is touched: answered as problem details with its status.</summary>
public sealed class CallerRefused(int status, string message, string? field = null) : Exception(message)
{
    public int Status { get; } = status;
    public string? Field { get; } = field;
}
