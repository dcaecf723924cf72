using System.Buffers.Text;
using System.Text.Json;
using Casework.Cases;

namespace Casework.WebConsole;

/// <summary>
/// Who is signed in, for this tab only: the bearer token lives in memory, never in local storage or the
/// address bar, so closing or reloading the tab signs out. Name and roles are read from the token itself.
/// </summary>
public sealed class Session
{
    public string? Token { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The token's roles that Casework knows, by their one spelling (<see cref="RoleNames"/>).</summary>
    public IReadOnlySet<Role> Roles { get; private set; } = new HashSet<Role>();

    public bool SignedIn => Token is not null;

    public event Action? Changed;

    public bool Has(Role role) => Roles.Contains(role);

    public bool HasAny(params Role[] roles) => Roles.Overlaps(roles);

    /// <summary>A manager of cases (and not only a reporter): the roles whose work the Today screen shows.</summary>
    public bool ManagesCases => HasAny(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors, Role.Auditor, Role.LadoLiaison);

    /// <summary>Reads the overdue and referral registers (the DSL, the headteacher, the chair, an auditor).</summary>
    public bool ReadsRegisters => HasAny(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors, Role.Auditor);

    public void SignIn(string token)
    {
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]));
        var root = claims.RootElement;
        Token = token;
        UserId = Guid.Parse(root.GetProperty("sub").GetString()!);
        Name = root.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "";
        string[] names = root.TryGetProperty("roles", out var roles)
            ? roles.ValueKind == JsonValueKind.Array ? [.. roles.EnumerateArray().Select(r => r.GetString() ?? "")] : [roles.GetString() ?? ""]
            : [];
        Roles = names.Select(name => RoleNames.TryParse(name, out var role) ? (Role?)role : null).OfType<Role>().ToHashSet();
        Changed?.Invoke();
    }

    public void SignOut()
    {
        Token = null;
        Name = "";
        Roles = new HashSet<Role>();
        Changed?.Invoke();
    }
}
