namespace Casework.Operations;

/// <summary>
/// The DSL console (src/Casework.WebConsole, ADR 13) is served by the service at /console: its files as static
/// assets, and index.html for any other path under /console (its own routes, such as /console/cases/{id}).
/// Open to anyone, like any web page: it holds no data; everything it shows comes from the API with the user's token.
/// None of it is part of the API, so none of it is in the OpenAPI document.
/// </summary>
public static class ConsoleHosting
{
    public const string Path = "/console";

    public static void MapConsole(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapFallbackToFile(Path + "/{*path:nonfile}", "console/index.html").AllowAnonymous()
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
        // A file the console does not have (an optional settings file, say) is not found, rather than a request for a token.
        app.MapFallback(Path + "/{*path:file}", () => TypedResults.NotFound()).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/", () => TypedResults.Redirect(Path + "/")).AllowAnonymous().ExcludeFromDescription();
    }
}
