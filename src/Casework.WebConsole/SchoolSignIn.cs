using Microsoft.AspNetCore.Components.WebAssembly.Authentication;

namespace Casework.WebConsole;

/// <summary>The access token from the school's OpenID Connect provider, once the user has signed in there.</summary>
public static class SchoolSignIn
{
    public static async Task<string?> TokenAsync(IServiceProvider services)
    {
        if (services.GetService<IAccessTokenProvider>() is not { } provider)
        {
            return null;
        }
        var result = await provider.RequestAccessToken();
        return result.TryGetToken(out var token) ? token.Value : null;
    }
}
