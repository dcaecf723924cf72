using Casework.Cases;

namespace Casework.Auth;

/// <summary>Who the service takes the caller to be: their directory id and name, their schools and their Casework roles.</summary>
public sealed record SignedInUser(Guid Id, string Name, IReadOnlyList<string> Tenants, IReadOnlyList<Role> Roles);

/// <summary>
/// GET /api/me: the caller as the service sees them after any mapping of the school's provider (ADR 31). A token from
/// the provider names no Casework role, so the console asks here which screens to show rather than reading its token.
/// </summary>
public static class ReadSignedInUser
{
    public static void MapReadSignedInUser(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me", (HttpContext http) =>
            {
                var user = http.User.ToCurrentUser();
                return TypedResults.Ok(new SignedInUser(
                    user.Id,
                    user.Name,
                    user.Tenants,
                    [.. user.Roles.Select(role => RoleNames.TryParse(role, out var known) ? (Role?)known : null).OfType<Role>()]));
            })
            .WithName("read-signed-in-user")
            .WithTags("Sign-in")
            .WithSummary("Who the service takes the caller to be: directory id, name, schools and Casework roles, as mapped from the school's identity provider.")
            .Produces<SignedInUser>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
