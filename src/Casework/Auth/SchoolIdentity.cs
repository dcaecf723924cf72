using System.Security.Claims;
using System.Text.Json;
using Casework.Cases;
using Casework.Directory;
using Marten;

namespace Casework.Auth;

/// <summary>The idle and absolute sign-in limits (ADR 31), the same numbers the console applies.</summary>
public sealed record SignInLimits(TimeSpan Idle, TimeSpan Absolute)
{
    public static readonly SignInLimits Default = new(TimeSpan.FromMinutes(15), TimeSpan.FromHours(10));

    public static SignInLimits From(IConfigurationSection authentication)
    {
        var section = authentication.GetSection("SignIn");
        var idle = section.GetValue("IdleMinutes", (int)Default.Idle.TotalMinutes);
        var absolute = section.GetValue("AbsoluteHours", (int)Default.Absolute.TotalHours);
        if (idle is < 1 or > 120)
        {
            throw new InvalidOperationException("Authentication:SignIn:IdleMinutes must be between 1 and 120.");
        }
        if (absolute is < 1 or > 24)
        {
            throw new InvalidOperationException("Authentication:SignIn:AbsoluteHours must be between 1 and 24.");
        }
        return new(TimeSpan.FromMinutes(idle), TimeSpan.FromHours(absolute));
    }
}

/// <summary>One school's part of a provider's tokens: the claims that must hold, and which groups give which roles.</summary>
public sealed class SchoolMapping
{
    public string Tenant { get; set; } = "";

    /// <summary>The claim that names the person in this school's tokens, where it differs from <c>People:PersonClaim</c>.</summary>
    public string? PersonClaim { get; set; }

    /// <summary>Claims the token must carry with exactly these values (compared ignoring case), e.g. <c>tid</c> or <c>hd</c>.</summary>
    public Dictionary<string, string> Require { get; set; } = [];

    public List<GroupRoles> Groups { get; set; } = [];
}

/// <summary>Members of the provider's group <see cref="Group"/> (an id or a group's e-mail) have these Casework roles.</summary>
public sealed class GroupRoles
{
    public string Group { get; set; } = "";

    public List<string> Roles { get; set; } = [];
}

/// <summary>
/// A school's identity from its OpenID Connect provider (ADR 31), configured under <c>Authentication</c>:
/// <list type="bullet">
/// <item><c>People:PersonClaim</c> (e.g. <c>preferred_username</c>, <c>email</c>; a school may set its own <c>PersonClaim</c>) names the person; it is matched with the
/// sign-in name recorded on a member of staff in the school's directory. <c>sub</c> is never taken for a directory id.</item>
/// <item><c>People:GroupsClaim</c> (default <c>groups</c>) lists the person's groups at the provider.</item>
/// <item><c>Schools:N:Tenant</c>, <c>Schools:N:Require:{claim}</c> and <c>Schools:N:Groups:M:Group</c> with
/// <c>Schools:N:Groups:M:Roles</c>: the schools of the provider, configured once for a trust.</item>
/// <item><c>MultiFactor:Roles</c> (default the roles that see case content), <c>MultiFactor:Acr</c> and
/// <c>MultiFactor:Amr</c> (default <c>mfa</c>): the authentication strength those roles need.</item>
/// </list>
/// A token is mapped to Casework's own claims (<c>sub</c> the directory id, <c>name</c> from the directory,
/// <c>tenants</c>, <c>roles</c>); a person found in no school, or with no role there, is refused.
/// </summary>
public sealed record SchoolIdentity(
    string PersonClaim,
    string GroupsClaim,
    IReadOnlyList<SchoolMapping> Schools,
    IReadOnlySet<string> MultiFactorRoles,
    IReadOnlySet<string> Acr,
    IReadOnlySet<string> Amr)
{
    /// <summary>The roles that see case content: a DSL, the head, the chair, a LADO liaison and an auditor.</summary>
    public static readonly IReadOnlyList<string> CaseContentRoles =
        [Role.Dsl.Name(), Role.Headteacher.Name(), Role.ChairOfGovernors.Name(), Role.LadoLiaison.Name(), Role.Auditor.Name()];

    /// <summary>Null when no school is configured: tokens must then carry Casework's claims themselves.</summary>
    public static SchoolIdentity? From(IConfigurationSection authentication)
    {
        var schools = authentication.GetSection("Schools").Get<List<SchoolMapping>>() ?? [];
        if (schools.Count == 0)
        {
            return null;
        }

        var people = authentication.GetSection("People");
        var personClaim = people["PersonClaim"] ?? "";
        foreach (var (school, index) in schools.Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(school.PersonClaim ?? personClaim))
            {
                throw new InvalidOperationException(
                    $"Authentication:People:PersonClaim (or Authentication:Schools:{index}:PersonClaim) must name the claim that names the person, e.g. preferred_username or email.");
            }

            if (!CaseworkTenants.IsValidId(school.Tenant) || schools.Count(s => s.Tenant == school.Tenant) > 1)
            {
                throw new InvalidOperationException($"Authentication:Schools:{index}:Tenant must be a tenant id, once.");
            }
            if (school.Groups.Count == 0 || school.Groups.Any(g => string.IsNullOrWhiteSpace(g.Group) || g.Roles.Count == 0 || !g.Roles.All(RoleNames.All.Contains)))
            {
                throw new InvalidOperationException($"Authentication:Schools:{index}:Groups must list groups, each with Casework roles only.");
            }
        }

        var multiFactor = authentication.GetSection("MultiFactor");
        var roles = multiFactor.GetSection("Roles").Get<string[]>() ?? [.. CaseContentRoles];
        if (!roles.All(RoleNames.All.Contains))
        {
            throw new InvalidOperationException("Authentication:MultiFactor:Roles must be Casework roles.");
        }

        return new(
            personClaim,
            people["GroupsClaim"] is { Length: > 0 } groups ? groups : "groups",
            schools,
            roles.ToHashSet(),
            (multiFactor.GetSection("Acr").Get<string[]>() ?? []).ToHashSet(StringComparer.Ordinal),
            (multiFactor.GetSection("Amr").Get<string[]>() ?? ["mfa"]).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Casework's principal for the person the token names, or the refusal.</summary>
    public async Task<(ClaimsPrincipal? Principal, CaseworkTokenException? Refusal)> MapAsync(JsonElement claims, IDocumentStore store, CancellationToken ct)
    {
        var groups = Strings(claims, GroupsClaim);
        var found = new List<(string Tenant, SchoolDirectory.StaffMember Staff, IReadOnlyList<string> Roles)>();
        foreach (var school in Schools.Where(s => s.Require.All(r => TryGetString(claims, r.Key, out var value) && string.Equals(value, r.Value, StringComparison.OrdinalIgnoreCase))))
        {
            var roles = school.Groups.Where(g => groups.Contains(g.Group)).SelectMany(g => g.Roles).Distinct().Order().ToArray();
            if (roles.Length == 0 || PersonNamed(claims, school.PersonClaim ?? PersonClaim) is not { } signIn)
            {
                continue;
            }

            await using var session = store.QuerySession(school.Tenant);
            var staff = await session.Query<Person>()
                .Where(p => p.Staff != null && p.Staff.SignIn == signIn && !p.Staff.HasLeft)
                .Take(2)
                .ToListAsync(ct);
            // Two members of staff with one sign-in name are nobody in particular.
            if (staff.Count == 1)
            {
                found.Add((school.Tenant, staff[0].Staff!, roles));
            }
        }

        if (found.Count == 0)
        {
            return Refused(TokenRefusal.Unmapped, "The person is not a member of staff with a role in any configured school.");
        }

        // One principal names one person: a trust gives someone who works in several schools one directory id in each.
        if (found.Select(f => f.Staff.Id).Distinct().Count() > 1)
        {
            return Refused(TokenRefusal.Unmapped, "The person has different directory ids in different schools.");
        }

        var allRoles = found.SelectMany(f => f.Roles).Distinct().ToArray();
        if (allRoles.Any(MultiFactorRoles.Contains) && !HasMultiFactor(claims))
        {
            return Refused(TokenRefusal.WeakAuthentication, "The person's roles need multi-factor authentication, which the token does not show.");
        }

        var staffMember = found[0].Staff;
        var identity = new ClaimsIdentity(
            [
                new Claim(CaseworkClaimTypes.UserId, staffMember.Id.ToString()),
                new Claim(CaseworkClaimTypes.Name, staffMember.Name),
                .. found.Select(f => new Claim(CaseworkClaimTypes.Tenants, f.Tenant)),
                .. allRoles.Select(role => new Claim(CaseworkClaimTypes.Roles, role)),
            ],
            AuthenticationSetup.SchemeName,
            CaseworkClaimTypes.Name,
            CaseworkClaimTypes.Roles);
        return (new ClaimsPrincipal(identity), null);
    }

    /// <summary>The sign-in name the claim gives, as the directory records it; none from an e-mail the provider says it has not verified.</summary>
    private static string? PersonNamed(JsonElement claims, string claim) =>
        TryGetString(claims, claim, out var named)
        && !(claim == "email" && claims.TryGetProperty("email_verified", out var verified) && verified.ValueKind == JsonValueKind.False)
            ? RecordStaffMember.NormalSignIn(named)
            : null;

    private bool HasMultiFactor(JsonElement claims) =>
        (TryGetString(claims, "acr", out var acr) && Acr.Contains(acr)) || Strings(claims, "amr").Any(Amr.Contains);

    /// <summary>A claim as a list of strings: an array of strings, or one string.</summary>
    private static HashSet<string> Strings(JsonElement claims, string name) =>
        !claims.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.String ? [value.GetString()!]
        : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal)
        : [];

    private static bool TryGetString(JsonElement claims, string name, out string value)
    {
        value = claims.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString()! : "";
        return value.Length > 0;
    }

    private static (ClaimsPrincipal?, CaseworkTokenException?) Refused(TokenRefusal reason, string message) => (null, new CaseworkTokenException(reason, message));
}
