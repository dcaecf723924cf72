using System.Buffers.Text;
using System.Text.Json;

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

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public bool SignedIn => Token is not null;

    public event Action? Changed;

    public bool Has(string role) => Roles.Contains(role);

    /// <summary>A manager of cases (and not only a reporter): the roles whose work the Today screen shows.</summary>
    public bool ManagesCases => Roles.Any(r => r is "dsl" or "headteacher" or "chair-of-governors" or "auditor" or "lado-liaison");

    /// <summary>Reads the overdue and referral registers (the DSL, the headteacher, the chair, an auditor).</summary>
    public bool ReadsRegisters => Roles.Any(r => r is "dsl" or "headteacher" or "chair-of-governors" or "auditor");

    public void SignIn(string token)
    {
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]));
        var root = claims.RootElement;
        Token = token;
        UserId = Guid.Parse(root.GetProperty("sub").GetString()!);
        Name = root.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "";
        Roles = root.TryGetProperty("roles", out var roles)
            ? roles.ValueKind == JsonValueKind.Array ? [.. roles.EnumerateArray().Select(r => r.GetString() ?? "")] : [roles.GetString() ?? ""]
            : [];
        Changed?.Invoke();
    }

    public void SignOut()
    {
        Token = null;
        Name = "";
        Roles = [];
        Changed?.Invoke();
    }
}
