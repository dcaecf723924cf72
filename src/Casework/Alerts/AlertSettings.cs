using System.Globalization;
using MailKit.Security;

namespace Casework.Alerts;

/// <summary>A school's webhook: where alerts are posted and the key they are signed with (HMAC-SHA256).</summary>
public sealed record WebhookTarget(Uri Url, byte[] Secret);

/// <summary>A school's SMTP server and the address alerts come from.</summary>
public sealed record SmtpTarget(string Host, int Port, SecureSocketOptions Security, string? User, string? Password, string From);

/// <summary>
/// Where alerts go, read from configuration or a secret store (ADR 37), never from the school's settings stream, which
/// auditors read: <c>Casework:Alerts:Schools:{tenant}:…</c>, each key falling back to <c>Casework:Alerts:Default:…</c>.
/// <c>Webhook:Url</c> and <c>Webhook:Secret</c>; <c>Smtp:Host</c>, <c>Smtp:Port</c> (587), <c>Smtp:Security</c>
/// (StartTls; None only for a server on the same host), <c>Smtp:User</c>, <c>Smtp:Password</c>, <c>Smtp:From</c>;
/// <c>Name</c> (the school as an alert names it). A channel without its address is not used for that school.
/// <c>Casework:Alerts:ConsoleUrl</c> is where the console's links point; <c>Casework:Alerts:RetryDelays</c> the waits
/// between attempts.
/// </summary>
public sealed class AlertSettings(IConfiguration configuration)
{
    /// <summary>
    /// The waits before each retry (ADR 37): seven retries over about two and three-quarter hours, so a receiver down
    /// for an afternoon's maintenance still gets the alert before it is left for an administrator to replay.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(60)];

    public IReadOnlyList<TimeSpan> RetryDelays { get; } = configuration.GetSection("Casework:Alerts:RetryDelays").Get<TimeSpan[]>() is { Length: > 0 } delays
        ? delays
        : DefaultRetryDelays;

    public Uri ConsoleUrl { get; } = new(configuration["Casework:Alerts:ConsoleUrl"] ?? "http://localhost:5000/");

    public WebhookTarget? Webhook(string tenant)
    {
        var url = Value(tenant, "Webhook:Url");
        var secret = Value(tenant, "Webhook:Secret");
        if (url is null)
        {
            return null;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(secret))
        {
            throw new InvalidOperationException($"The webhook of {tenant} needs an absolute http(s) Url and a Secret ({Setting(tenant, "Webhook:Url")}, {Setting(tenant, "Webhook:Secret")}).");
        }
        return new WebhookTarget(uri, System.Text.Encoding.UTF8.GetBytes(secret));
    }

    public SmtpTarget? Smtp(string tenant)
    {
        var host = Value(tenant, "Smtp:Host");
        if (host is null)
        {
            return null;
        }
        var from = Value(tenant, "Smtp:From")
            ?? throw new InvalidOperationException($"The SMTP server of {tenant} needs a From address ({Setting(tenant, "Smtp:From")}).");
        var port = 587;
        if (Value(tenant, "Smtp:Port") is { } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new InvalidOperationException($"The SMTP port of {tenant} is not a port number ({Setting(tenant, "Smtp:Port")}).");
        }
        var security = SecureSocketOptions.StartTls;
        if (Value(tenant, "Smtp:Security") is { } s && (!Enum.TryParse(s, ignoreCase: true, out security) || !Enum.IsDefined(security)))
        {
            throw new InvalidOperationException(
                $"The SMTP security of {tenant} is not one of {string.Join(", ", Enum.GetNames<SecureSocketOptions>())} ({Setting(tenant, "Smtp:Security")}).");
        }
        return new SmtpTarget(host, port, security, Value(tenant, "Smtp:User"), Value(tenant, "Smtp:Password"), from);
    }

    /// <summary>
    /// Reads every school's channels (and the defaults) as the service starts, so that a school configured wrongly stops
    /// the start naming the setting, rather than leave its alerts failing one by one in the dead letters.
    /// </summary>
    public void Check()
    {
        var schools = configuration.GetSection("Casework:Alerts:Schools").GetChildren().Select(school => school.Key);
        // A school of no name of its own reads the defaults alone.
        foreach (var tenant in schools.Prepend(""))
        {
            Webhook(tenant);
            Smtp(tenant);
        }
    }

    /// <summary>The school as an alert names it: its configured name, else its tenant id.</summary>
    public string SchoolName(string tenant) => Value(tenant, "Name") ?? tenant;

    /// <summary>The console's page of the case (or its start page): a link, nothing about the case but its id.</summary>
    public Uri Link(Guid? caseId) => new(ConsoleUrl, caseId is { } id ? $"console/cases/{id}" : "console/");

    private string? Value(string tenant, string key) => NonEmpty(configuration[Setting(tenant, key)]);

    /// <summary>The setting a school's value comes from: its own if set, else the default.</summary>
    private string Setting(string tenant, string key) =>
        NonEmpty(configuration[$"Casework:Alerts:Schools:{tenant}:{key}"]) is null && NonEmpty(configuration[$"Casework:Alerts:Default:{key}"]) is not null
            ? $"Casework:Alerts:Default:{key}"
            : $"Casework:Alerts:Schools:{tenant}:{key}";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>Runs <see cref="AlertSettings.Check"/> as the service starts (commands start no hosted service).</summary>
public sealed class AlertSettingsCheck(AlertSettings settings) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        settings.Check();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
