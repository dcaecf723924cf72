using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Casework.Cases;
using Casework.Directory;
using Marten;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Issue 20, item 1: the service in Production behind a real OpenID Connect provider (oidc-provider under Node,
/// <c>oidc/provider.mjs</c>, installed by scripts/test.sh), the console signing in with authorization code and PKCE,
/// the service validating the provider's tokens through discovery and its JWKS and mapping them to the directory
/// (ADR 31). The provider issues Entra-like claims; the directory knows people only by their sign-in names.
/// </summary>
public class SchoolSignInFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Audience = "api://casework";
    public const string EntraTenant = "0d1e2f30-entra";
    public const string DslGroup = "a1b2c3d4-0000-4000-8000-0000000000d5";
    public const string StaffGroup = "a1b2c3d4-0000-4000-8000-0000000000aa";
    public static readonly Guid Dana = Guid.Parse("7a000000-0000-4000-8000-000000000001");
    public static readonly Guid Tom = Guid.Parse("7a000000-0000-4000-8000-000000000002");

    private readonly int _servicePort = FreePort();
    private readonly int _providerPort = FreePort();
    private readonly string _accounts = Path.Combine(Path.GetTempPath(), $"casework-oidc-{Guid.NewGuid():N}.json");
    private readonly List<string> _providerOutput = [];
    private Process? _provider;
    private IPlaywright? _playwright;

    public SchoolSignInFixture() => UseKestrel(_servicePort);

    public string Schema { get; } = "signin_" + Guid.NewGuid().ToString("N")[..16];

    public string Issuer => $"http://127.0.0.1:{_providerPort}";

    public Uri Service => new($"http://127.0.0.1:{_servicePort}/");

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The provider's people: its own ids and names for them, its own group ids, and how they signed in.</summary>
    /// <summary>How long the provider's access tokens live (the console renews them while its user is active).</summary>
    protected virtual int AccessTokenSeconds => 600;

    private static object Accounts() => new Dictionary<string, object>
    {
        ["dana"] = Person("Dana Lead", "Dana.Lead@clarendon.sch.uk", [DslGroup, StaffGroup], ["pwd", "mfa"]),
        ["dana-password-only"] = Person("Dana Lead", "dana.lead@clarendon.sch.uk", [DslGroup, StaffGroup], ["pwd"]),
        ["tom-password-only"] = Person("Tom Teacher", "tom.teacher@clarendon.sch.uk", [StaffGroup], ["pwd"]),
        ["stranger"] = Person("Sam Stranger", "sam.stranger@clarendon.sch.uk", [DslGroup], ["pwd", "mfa"]),
    };

    private static Dictionary<string, object> Person(string name, string username, string[] groups, string[] amr) => new()
    {
        ["name"] = name,
        ["preferred_username"] = username,
        ["oid"] = Guid.NewGuid().ToString(),
        ["tid"] = EntraTenant,
        ["groups"] = groups,
        ["amr"] = amr,
    };

    private static readonly string MasterKeyFile = WriteMasterKey();

    private static string WriteMasterKey()
    {
        var path = Path.Combine(Path.GetTempPath(), $"casework-master-key-{Guid.NewGuid():N}");
        File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return path;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // The console's files from the build, as Development finds them by itself (a published service has them in wwwroot).
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Casework", LocalServer.ConnectionString());
        builder.UseSetting("Casework:Schema", Schema);
        // In Production the master key that wraps the cases' data keys is a mounted file (ADR 28); this host's own.
        builder.UseSetting("Casework:MasterKeyFile", MasterKeyFile);
        builder.UseSetting("Casework:ErasureLogFile", MasterKeyFile + ".erasures");
        builder.UseSetting("Authentication:Authority", Issuer);
        builder.UseSetting("Authentication:Audience", Audience);
        builder.UseSetting("Authentication:People:PersonClaim", "preferred_username");
        builder.UseSetting("Authentication:Schools:0:Tenant", "clarendon");
        builder.UseSetting("Authentication:Schools:0:Require:tid", EntraTenant);
        builder.UseSetting("Authentication:Schools:0:Groups:0:Group", DslGroup);
        builder.UseSetting("Authentication:Schools:0:Groups:0:Roles:0", "dsl");
        builder.UseSetting("Authentication:Schools:0:Groups:1:Group", StaffGroup);
        builder.UseSetting("Authentication:Schools:0:Groups:1:Roles:0", "staff");
        // The console's client at the same provider (its settings file is the service's configuration).
        builder.UseSetting("Console:SchoolSignIn:ClientId", "casework-console");
        builder.UseSetting("Console:SchoolSignIn:Scopes:0", "casework");
        builder.ConfigureTestServices(services =>
        {
            services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                // The test provider speaks plain HTTP on loopback; and the key rotation test must not wait 5 minutes.
                options.RequireHttpsMetadata = false;
                options.RefreshInterval = TimeSpan.FromSeconds(1);
            });
        });
    }

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_accounts, JsonSerializer.Serialize(Accounts()));
        StartProvider();
        await Casework.Operations.Migration.ApplyAsync(
            LocalServer.OwnerConnectionString(), Schema, new NpgsqlConnectionStringBuilder(LocalServer.ConnectionString()).Username!);
        StartServer();

        // The school's directory as its administrator imported it: people by name and sign-in name, nothing of the provider's ids.
        var store = Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession("clarendon"))
        {
            session.Events.StartStream<Person>(Dana, new StaffMemberAdded(Dana, "Dana Lead", [Role.Dsl, Role.Staff], SignIn: "dana.lead@clarendon.sch.uk"));
            session.Events.StartStream<Person>(Tom, new StaffMemberAdded(Tom, "Tom Teacher", [Role.Staff], SignIn: "tom.teacher@clarendon.sch.uk"));
            await session.SaveChangesAsync();
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    private void StartProvider()
    {
        var folder = Path.Combine(LocalServer.RepositoryRoot(), "tests", "Casework.BrowserTests", "oidc");
        if (!System.IO.Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"oidc-provider is not installed: run 'npm ci' in {folder} (scripts/test.sh does).");
        }
        var start = new ProcessStartInfo("node", ["provider.mjs", _providerPort.ToString(), $"{Service}console/", _accounts, AccessTokenSeconds.ToString()])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _provider = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var ready = new TaskCompletionSource();
        _provider.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }
            lock (_providerOutput)
            {
                _providerOutput.Add(line.Data);
            }
            if (line.Data.StartsWith("ready ", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        _provider.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (_providerOutput)
                {
                    _providerOutput.Add(line.Data);
                }
            }
        };
        _provider.BeginOutputReadLine();
        _provider.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("The OpenID Connect provider did not start: " + string.Join(Environment.NewLine, _providerOutput));
        }
    }

    /// <summary>Signs in at the provider as <paramref name="login"/> from the console, and returns the access token the console holds.</summary>
    public async Task<(IPage Page, string Token)> SignInAtTheProviderAsync(string login)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Service.ToString(), Locale = "en-GB", TimezoneId = "Europe/London" });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (ConsoleFixture.BrowserLog)
                {
                    File.AppendAllText(ConsoleFixture.BrowserLog, $"{message.Type}: {message.Text}{Environment.NewLine}");
                }
            }
        };
        await page.GotoAsync("console/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your school account" }).ClickAsync();
        // The provider's own pages: its login form, then its consent.
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        var consent = page.GetByRole(AriaRole.Button, new() { Name = "Continue" });
        await consent.Or(page.GetByTestId("signed-in-as")).First.WaitForAsync();
        if (await consent.IsVisibleAsync())
        {
            await consent.ClickAsync();
        }
        await page.WaitForURLAsync(url => url.Contains("/console/", StringComparison.Ordinal) && !url.Contains("authentication/", StringComparison.Ordinal));
        var token = await page.EvaluateAsync<string?>(
            "() => Object.keys(sessionStorage).filter(k => k.startsWith('oidc.user:')).map(k => JSON.parse(sessionStorage.getItem(k)).access_token)[0] ?? null");
        Assert.NotNull(token);
        return (page, token);
    }

    /// <summary>The provider signs with a new key from now on, still publishing the old one.</summary>
    public async Task RotateKeysAsync()
    {
        await _provider!.StandardInput.WriteLineAsync("rotate");
        await _provider.StandardInput.FlushAsync();
        for (var waited = 0; waited < 100; waited++)
        {
            lock (_providerOutput)
            {
                if (_providerOutput.Any(line => line.StartsWith("rotated ", StringComparison.Ordinal)))
                {
                    return;
                }
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The provider did not rotate its key.");
    }

    /// <summary>A token from the provider for one of its people (its test client), for <paramref name="resource"/>.</summary>
    public async Task<string> ProviderTokenAsync(string login, string resource = Audience)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("casework-tests:casework-tests-secret")));
        using var response = await http.PostAsync($"{Issuer}/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "casework",
            ["resource"] = resource,
            ["login_hint"] = login,
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>The status the service answers a GET with, given this bearer token.</summary>
    public async Task<HttpStatusCode> GetAsync(string path, string token)
    {
        using var http = new HttpClient { BaseAddress = Service };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_provider is { HasExited: false })
        {
            _provider.Kill();
        }
        _provider?.Dispose();
        await DisposeAsync();
        File.Delete(_accounts);
        await using var connection = new NpgsqlConnection(LocalServer.OwnerConnectionString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SchoolSignInTests(SchoolSignInFixture idp) : IClassFixture<SchoolSignInFixture>
{
    private const string DslQueue = "api/registers/dsl-queue";

    [Fact]
    public async Task The_console_signs_in_through_the_schools_provider_with_PKCE_and_the_service_maps_the_person_R_school_sign_in()
    {
        var (page, token) = await idp.SignInAtTheProviderAsync("dana");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Dana Lead");
        // Her roles are the service's mapping of her groups (GET /api/me): the DSL's screens, which her token names nowhere.
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Registers", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Screenshots, "20-signed-in-through-the-schools-provider.png"), FullPage = true });

        // The console's token is the provider's: validated through discovery and its JWKS, mapped to the DSL in the directory.
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(DslQueue, token));
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync("api/cases", token));

        // The provider rotates its signing key while Dana is signed in: her token still works, and a token signed with
        // the new key is accepted once the service has fetched the provider's new JWKS.
        await idp.RotateKeysAsync();
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(DslQueue, token));
        var signedWithTheNewKey = await idp.ProviderTokenAsync("dana");
        Assert.NotEqual(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Kid, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(signedWithTheNewKey).Kid);
        var status = HttpStatusCode.Unauthorized;
        for (var attempt = 0; attempt < 20 && status != HttpStatusCode.OK; attempt++)
        {
            status = await idp.GetAsync(DslQueue, signedWithTheNewKey);
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_R_school_sign_in()
    {
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(DslQueue, await idp.ProviderTokenAsync("dana")));
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(DslQueue, await idp.ProviderTokenAsync("dana", "api://another-application")));
    }

    [Fact]
    public async Task Without_multi_factor_a_DSL_is_refused_and_a_teacher_is_not_R_authentication_strength()
    {
        var (page, dsl) = await idp.SignInAtTheProviderAsync("dana-password-only");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("multi-factor authentication");
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(DslQueue, dsl));
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync("api/cases", dsl));

        var teacher = await idp.ProviderTokenAsync("tom-password-only");
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync("api/cases", teacher));
        Assert.Equal(HttpStatusCode.Forbidden, await idp.GetAsync(DslQueue, teacher));
    }

    [Fact]
    public async Task Someone_the_provider_knows_but_the_schools_directory_does_not_sees_nothing_R_school_identity()
    {
        var (page, stranger) = await idp.SignInAtTheProviderAsync("stranger");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Casework does not know you");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync("api/cases", stranger));
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(DslQueue, stranger));
    }
}

/// <summary>The provider's access tokens live 40 seconds here, so that a test sees the console renew one.</summary>
public sealed class ShortTokenSignInFixture : SchoolSignInFixture
{
    protected override int AccessTokenSeconds => 40;
}

/// <summary>
/// ADR 31: the console renews its token (the provider's refresh token) while its user is active, so a DSL at work is
/// not signed out when a token expires; the service still refuses the old token once it has expired.
/// </summary>
public sealed class TokenRenewalTests(ShortTokenSignInFixture idp) : IClassFixture<ShortTokenSignInFixture>
{
    private const string DslQueue = "api/registers/dsl-queue";

    [Fact]
    public async Task An_active_user_stays_signed_in_past_their_tokens_lifetime_on_a_renewed_token_R_idle_limit()
    {
        var (page, first) = await idp.SignInAtTheProviderAsync("dana");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Dana Lead");

        // At work past the first token's life and its 30 seconds of clock skew: a key press every few seconds.
        var until = DateTime.UtcNow.AddSeconds(75);
        while (DateTime.UtcNow < until)
        {
            await page.Keyboard.PressAsync("Shift");
            await Task.Delay(5_000);
        }
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Registers", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Dana Lead");
        var renewed = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('casework.session')).token");

        Assert.NotEqual(first, renewed);
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(DslQueue, renewed));
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(DslQueue, first));
    }
}
