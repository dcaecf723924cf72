using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Casework.Auth;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Casework.BrowserTests;

/// <summary>
/// The service as <c>scripts/run.sh</c> runs it (Program on Kestrel at 127.0.0.1, a free port, the Development
/// environment, the real PostgreSQL on a schema of its own) with the development school imported, and Debian's
/// chromium driven by Playwright. Every test opens its own browser contexts (one per user, like separate machines).
/// </summary>
public class ConsoleFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly Guid Admin = DevelopmentSignIn.Users[0].Id;
    public static readonly Guid Dsl = DevelopmentSignIn.Users[1].Id;
    public static readonly Guid Teacher = DevelopmentSignIn.Users[2].Id;
    public static readonly Guid Headteacher = DevelopmentSignIn.Users[3].Id;
    public static readonly Guid Chair = DevelopmentSignIn.Users[4].Id;
    public static readonly Guid Amira = Guid.Parse("0b000000-0000-4000-8000-000000000001");

    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"casework-browser-{Guid.NewGuid():N}.pem");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string Schema { get; } = "console_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>
    /// The service's clock (ADR 18): the real time unless a test moves it on. The browser keeps the real time, so a test
    /// that moves the service's clock signs in again afterwards: a token is minted, and checked, by the service's clock.
    /// </summary>
    public TestClock Clock { get; } = new();

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Address => ClientOptions.BaseAddress;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>artifacts/screenshots under the repository: kept after the run (and ignored by git).</summary>
    public static string Screenshots { get; } = ScreenshotFolder();

    /// <summary>The browser's console errors and warnings, beside the screenshots.</summary>
    public static string BrowserLog { get; } = Path.Combine(Screenshots, "browser-console.log");

    // Once per run, whichever fixture starts first: every fixture of the run writes to it.
    static ConsoleFixture() => File.Delete(BrowserLog);

    public ConsoleFixture()
    {
        UseKestrel(0);
        // As long as an action may wait (below): a new tab boots the WebAssembly console, which on 2 busy cores has taken
        // more than 15 s. A wait, not an assertion: what is expected must still come true.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    [ModuleInitializer]
    internal static void StartHostsUnderTest() => JasperFxEnvironment.AutoStartHost = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Casework", LocalServer.ConnectionString());
        builder.UseSetting("Casework:Schema", Schema);
        builder.UseSetting("Authentication:DevelopmentKeyFile", _keyFile);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task InitializeAsync()
    {
        // As scripts/run.sh does: migrate as the schema's owner, then start the service as its own role (ADR 15).
        var service = LocalServer.ConnectionString();
        await Casework.Operations.Migration.ApplyAsync(LocalServer.OwnerConnectionString(), Schema, new NpgsqlConnectionStringBuilder(service).Username!);
        StartServer();
        using var admin = await ApiClientAsync(Admin);
        (await admin.PostAsJsonAsync("api/directory/import", DevelopmentSignIn.School, JsonOptions)).EnsureSuccessStatusCode();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            // As root (CI) chromium refuses to start with its sandbox.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>
    /// A page in a browser context of its own, as a user at their own machine: in the school's time zone by default; a
    /// test may give the browser another locale and zone.
    /// </summary>
    /// <param name="zoom">The browser's zoom: 2 shows a 1280-pixel-wide screen at 200 %.</param>
    public async Task<IPage> NewPageAsync(float zoom = 1, string locale = "en-GB", string timezone = "Europe/London")
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Address.ToString(),
            TimezoneId = timezone,
            Locale = locale,
            ViewportSize = new() { Width = (int)(1280 / zoom), Height = (int)(800 / zoom) },
            DeviceScaleFactor = zoom,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        // What the console itself says (a failing component, say), for the test's report.
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (BrowserLog)
                {
                    File.AppendAllText(BrowserLog, $"{message.Type}: {message.Text}{Environment.NewLine}");
                }
            }
        };
        return page;
    }

    /// <summary>An HTTP client with the user's development token, from the same route the console signs in with.</summary>
    public async Task<HttpClient> ApiClientAsync(Guid user)
    {
        var client = CreateClient();
        using var minted = await client.PostAsJsonAsync("console/development/token", new { userId = user });
        minted.EnsureSuccessStatusCode();
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await DisposeAsync();
        File.Delete(_keyFile);
        await using var connection = new NpgsqlConnection(LocalServer.OwnerConnectionString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Debian's chromium (scripts/test.sh installs it), or CHROMIUM_PATH.</summary>
    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"No chromium at {path}: install Debian's chromium (apt-get install -y chromium), or set CHROMIUM_PATH.");
    }

    private static string ScreenshotFolder()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Casework.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root was not found.");
        }
        var folder = Path.Combine(root, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleSuite : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
