namespace Casework.Cases;

/// <summary>Who is asking: the user id and roles from the token.</summary>
public sealed record Actor(Guid Id, IReadOnlySet<Role> Roles)
{
    public bool Has(Role role) => Roles.Contains(role);
}
