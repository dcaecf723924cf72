namespace Casework.Operations;

/// <summary>
/// The DSL console (src/Casework.WebConsole, ADR 13) is served by the service at /console: its files as static
/// assets, and index.html for any other path under /console (its own routes, such as /console/cases/{id}).
/// Open to anyone, like any web page: it holds no data; everything it shows comes from the API with the user's token.
/// None of it is part of the API, so none of it is in the OpenAPI document. Its settings file is the service's own
/// configuration (<see cref="ConsoleSettings"/>), so that one deployment's settings (the chart's) configure both.
/// </summary>
public static class ConsoleHosting
{
    public const string Path = "/console";

    public static void MapConsole(this WebApplication app)
    {
        // Answered before any endpoint runs, so never the console's own file of that name (which is there only so that
        // its build fetches one at start); not an endpoint of its own, since the static file's would match it too.
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == Path + "/appsettings.json")
            {
                await TypedResults.Json(ConsoleSettings.From(context.RequestServices.GetRequiredService<IConfiguration>())).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.MapStaticAssets().AllowAnonymous();
        app.MapFallbackToFile(Path + "/{*path:nonfile}", "console/index.html").AllowAnonymous()
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
        // A file the console does not have (an optional settings file, say) is not found, rather than a request for a token.
        app.MapFallback(Path + "/{*path:file}", () => TypedResults.NotFound()).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/", () => TypedResults.Redirect(Path + "/")).AllowAnonymous().ExcludeFromDescription();
    }
}

/// <summary>
/// What the console reads at start (its <c>appsettings.json</c>): the sign-in limits the service holds tokens to
/// (<c>Authentication:SignIn</c>, one pair of numbers for both, ADR 31) and the school's provider for the console
/// (<c>Console:SchoolSignIn</c>: <c>ClientId</c>, <c>Scopes</c>, and <c>Authority</c>, by default the service's
/// <c>Authentication:Authority</c>). Without a client id the console offers no provider sign-in (Development's users instead).
/// </summary>
public sealed record ConsoleSettings(ConsoleSettings.Limits SignIn, ConsoleSettings.Provider SchoolSignIn)
{
    public sealed record Limits(int IdleMinutes, int AbsoluteHours);

    public sealed record Provider(string Authority, string ClientId, IReadOnlyList<string> Scopes);

    public static ConsoleSettings From(IConfiguration configuration)
    {
        var console = configuration.GetSection("Console:SchoolSignIn");
        var clientId = console["ClientId"] ?? "";
        var limits = Auth.SignInLimits.From(configuration.GetSection("Authentication"));
        return new(
            new((int)limits.Idle.TotalMinutes, (int)limits.Absolute.TotalHours),
            new(clientId.Length == 0 ? "" : console["Authority"] ?? configuration["Authentication:Authority"] ?? "", clientId,
                console.GetSection("Scopes").Get<string[]>() ?? []));
    }
}
