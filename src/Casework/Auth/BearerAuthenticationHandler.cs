using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Casework.Auth;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;token&gt;</c> and hands the token to <see cref="JwtValidator"/>.
/// Logs only the failure reason: never the token, never a claim.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    JwtValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization;
        if (authorization.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (authorization.Count > 1)
        {
            return Task.FromResult(Reject(JwtFailureReason.Malformed));
        }

        var value = authorization.ToString();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var result = validator.Validate(value[Prefix.Length..].Trim());
        return Task.FromResult(result.Succeeded
            ? AuthenticateResult.Success(new AuthenticationTicket(result.Principal, SchemeName))
            : Reject(result.Failure.Reason));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var rejected = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        // RFC 6750 3.1: no error code when the request carried no token at all.
        Response.Headers.WWWAuthenticate = rejected ? "Bearer error=\"invalid_token\"" : "Bearer";
        await TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: rejected ? "The bearer token was rejected." : "A bearer token is required.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "Your roles do not allow this.")
            .ExecuteAsync(Context);

    private AuthenticateResult Reject(JwtFailureReason reason)
    {
        Logger.LogInformation("Bearer token rejected: {Reason}", reason);
        // The failure message is the reason's name alone: the framework logs it too.
        return AuthenticateResult.Fail(reason.ToString());
    }
}
