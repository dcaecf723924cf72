using System.Collections.Frozen;
using System.Text.Json;

namespace Casework.Cases;

/// <summary>
/// The roles of DOMAIN.md: the one type for them everywhere. Their one spelling, in tokens, the API, event headers and
/// the case register's sight columns, is the kebab case of the member's name (<c>chair-of-governors</c>), as the API's
/// JSON writes every enum (<see cref="RoleNames"/>).
/// </summary>
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

/// <summary>The one spelling of each <see cref="Role"/> (<c>lado-liaison</c>), and the role a spelling names.</summary>
public static class RoleNames
{
    private static readonly FrozenDictionary<string, Role> ByName =
        Enum.GetValues<Role>().ToFrozenDictionary(role => role.Name(), StringComparer.Ordinal);

    /// <summary>Every role's name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<Role>().Select(role => role.Name())];

    public static string Name(this Role role) => JsonNamingPolicy.KebabCaseLower.ConvertName(role.ToString());

    public static bool TryParse(string name, out Role role) => ByName.TryGetValue(name, out role);

    /// <summary>A role's name as a person says it: "DSL", "LADO liaison", "chair of governors".</summary>
    public static string InWords(string name) => name switch
    {
        "dsl" => "DSL",
        "lado-liaison" => "LADO liaison",
        _ => name.Replace('-', ' '),
    };
}
