namespace Casework.Cases;

/// <summary>The roles of DOMAIN.md; stored as kebab-case strings (<c>chair-of-governors</c>).</summary>
public enum Role
{
    Staff,
    Dsl,
    Headteacher,
    ChairOfGovernors,
    LadoLiaison,
    Auditor,
    Admin,
}

/// <summary>Who is asking: the user id and roles from the token.</summary>
public sealed record Actor(Guid Id, IReadOnlySet<Role> Roles)
{
    public bool Has(Role role) => Roles.Contains(role);
}
