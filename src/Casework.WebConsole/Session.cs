using System.Buffers.Text;
using System.Text.Json;
using Casework.Cases;
using Microsoft.JSInterop;

namespace Casework.WebConsole;

/// <summary>
/// Who is signed in, for this tab only (ADR 31): the token is kept in the tab's session storage, never in local storage
/// or the address bar, so a reload stays signed in and another tab, or a closed browser, does not. The tab signs out
/// after <c>SignIn:IdleMinutes</c> without input and <c>SignIn:AbsoluteHours</c> after signing in, the limits the
/// service holds tokens to as well; signing out clears what the tab kept. Name and roles are the service's answer for the token (GET /api/me).
/// A token about to expire is renewed (the school's provider with its refresh token; in Development a new development
/// token) only while the user has been active within the idle limit, so renewal is what activity means to the
/// service, and never past the absolute limit, counted from the first sign-in whatever the renewed token says.
/// </summary>
public sealed class Session : IDisposable
{
    private readonly IJSInProcessRuntime _js;
    private readonly TimeSpan _idle;
    private readonly TimeSpan _absolute;
    private readonly Timer _watch;
    private readonly IServiceProvider _services;
    private Task? _renewing;
    private SignedInUser? _user;

    // Renewed this long before it expires, so that no request goes out with a token that dies on the way.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(30);

    public Session(IJSRuntime js, IConfiguration configuration, IServiceProvider services)
    {
        _js = (IJSInProcessRuntime)js;
        _services = services;
        _idle = TimeSpan.FromMinutes(configuration.GetValue("SignIn:IdleMinutes", 15));
        _absolute = TimeSpan.FromHours(configuration.GetValue("SignIn:AbsoluteHours", 10));
        if (_js.Invoke<string?>("caseworkSession.token") is { } kept
            && _js.Invoke<string?>("caseworkSession.user") is { } user
            && JsonSerializer.Deserialize<SignedInUser>(user, Api.Json) is { } signedIn)
        {
            Apply(kept, signedIn, _js.Invoke<string?>("caseworkSession.signedInAt") is { } at ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : null);
            SignOutIfOver();
        }
        _watch = new Timer(_ => _ = KeepAsync(), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
    }

    /// <summary>When the person signed in: the token's <c>auth_time</c>, or when it was issued.</summary>
    public DateTimeOffset SignedInAt { get; private set; }

    private DateTimeOffset Expires { get; set; }

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

    /// <summary>R1: anyone with a role may report, but an auditor alone changes nothing.</summary>
    public bool MayReport => Roles.Any(r => r != Role.Auditor);

    /// <summary>Whose deadlines cases have, and who is reminded of them (ADR 36): the DSL, the headteacher, the chair of governors.</summary>
    public bool OwnsDeadlines => HasAny(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors);

    /// <summary>Reads the overdue and referral registers (the DSL, the headteacher, the chair, an auditor).</summary>
    public bool ReadsRegisters => HasAny(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors, Role.Auditor);

    /// <summary>Signs in with <paramref name="token"/>, as the person the service said it names (GET /api/me).</summary>
    public void SignIn(string token, SignedInUser user)
    {
        Apply(token, user, null);
        _js.InvokeVoid("caseworkSession.save", token, JsonSerializer.Serialize(user, Api.Json), SignedInAt.ToString("O"));
    }

    /// <summary>
    /// The token to send now: renewed first when it is about to expire and the user has been active within the idle
    /// limit; otherwise the tab signs out as soon as it expires.
    /// </summary>
    public async Task<string?> TokenAsync()
    {
        await KeepAsync();
        return Token;
    }

    // One renewal at a time, whoever asks (a request, the watch), and only for someone active within both limits.
    private Task KeepAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (SignedIn && now >= Expires - RenewBefore && _renewing is not { IsCompleted: false }
            && _js.Invoke<double>("caseworkSession.idleSeconds") <= _idle.TotalSeconds && now - SignedInAt <= _absolute)
        {
            _renewing = RenewAsync();
        }
        SignOutIfOver();
        return _renewing ?? Task.CompletedTask;
    }

    private async Task RenewAsync()
    {
        var renewed = _services.GetService<Microsoft.AspNetCore.Components.WebAssembly.Authentication.IAccessTokenProvider>() is not null
            ? await SchoolSignIn.TokenAsync(_services)
            : await _services.GetRequiredService<SignInOptions>().DevelopmentTokenAsync(UserId);
        if (renewed is null)
        {
            SignOut();
        }
        else if (renewed != Token && SignedIn)
        {
            _js.InvokeVoid("caseworkSession.renewed", renewed);
            Apply(renewed, _user!, SignedInAt);
        }
    }

    private void Apply(string token, SignedInUser user, DateTimeOffset? signedInAt)
    {
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]));
        var root = claims.RootElement;
        Token = token;
        _user = user;
        var issued = root.TryGetProperty("iat", out var iat) ? DateTimeOffset.FromUnixTimeSeconds(iat.GetInt64()) : DateTimeOffset.UtcNow;
        SignedInAt = signedInAt ?? (root.TryGetProperty("auth_time", out var authTime) ? DateTimeOffset.FromUnixTimeSeconds(authTime.GetInt64()) : issued);
        Expires = root.TryGetProperty("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) : DateTimeOffset.MaxValue;
        // Who the person is, and their roles, are the service's answer: a school's provider names neither.
        UserId = user.Id;
        Name = user.Name;
        Roles = user.Roles.Select(name => RoleNames.TryParse(name, out var role) ? (Role?)role : null).OfType<Role>().ToHashSet();
        Changed?.Invoke();
    }

    /// <summary>Signs out once the tab has been idle, or signed in, too long, or its token has expired unrenewed.</summary>
    private void SignOutIfOver()
    {
        var now = DateTimeOffset.UtcNow;
        if (SignedIn && (_js.Invoke<double>("caseworkSession.idleSeconds") > _idle.TotalSeconds || now - SignedInAt > _absolute
            || now >= Expires && _renewing is not { IsCompleted: false }))
        {
            SignOut();
        }
    }

    public void SignOut()
    {
        _js.InvokeVoid("caseworkSession.clear");
        Token = null;
        Name = "";
        Roles = new HashSet<Role>();
        Changed?.Invoke();
    }

    public void Dispose() => _watch.Dispose();
}
