using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Casework.Auth;

/// <summary>
/// What Casework adds around JwtBearer: one Authorization header only, <see cref="CaseworkTokenRules"/> once the
/// token verifies, and RFC 9457 problem details for 401 and 403. Logs only the failure reason: never the token, never a claim.
/// </summary>
internal static class BearerEvents
{
    private const string Prefix = "Bearer ";

    /// <param name="limits">The sign-in limits (ADR 31), for every token but the development key's.</param>
    /// <param name="identity">How the school's provider names people and roles; null when tokens carry Casework's claims.</param>
    /// <param name="development">Whether the development key is trusted (the Development environment).</param>
    public static JwtBearerEvents Create(SignInLimits limits, SchoolIdentity? identity, bool development) => new()
    {
        OnMessageReceived = context =>
        {
            var authorization = context.Request.Headers.Authorization;
            // JwtBearer would read two headers as one comma-joined token; a request carries one credential or none.
            if (authorization.Count > 1)
            {
                Refuse(context, new CaseworkTokenException(TokenRefusal.Malformed, "The request has more than one Authorization header."));
            }
            else if (authorization.ToString() is var value
                && value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
                && string.IsNullOrWhiteSpace(value[Prefix.Length..]))
            {
                Refuse(context, new CaseworkTokenException(TokenRefusal.Malformed, "The bearer token is empty."));
            }

            return Task.CompletedTask;
        },
        OnTokenValidated = async context =>
        {
            if (context.SecurityToken is not JsonWebToken token)
            {
                Refuse(context, new CaseworkTokenException(TokenRefusal.Malformed, "The token is not a JSON Web Token."));
                return;
            }

            // The CLI's hour-long development tokens keep Casework's claims and no sign-in limits; they exist in Development only.
            var developmentToken = development && token.Issuer == DevelopmentTokens.Issuer && token.SigningKey?.KeyId == DevelopmentTokens.Kid;
            var mapped = identity is not null && !developmentToken;
            var refusal = CaseworkTokenRules.Refuse(
                token,
                (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow(),
                context.Options.TokenValidationParameters.ClockSkew,
                developmentToken ? null : limits,
                caseworkClaims: !mapped);
            if (refusal is null && mapped)
            {
                using var payload = CaseworkTokenRules.Payload(token);
                var store = context.HttpContext.RequestServices.GetRequiredService<Marten.IDocumentStore>();
                (var principal, refusal) = await identity!.MapAsync(payload.RootElement, store, context.HttpContext.RequestAborted);
                if (principal is not null)
                {
                    context.Principal = principal;
                }
            }

            if (refusal is not null)
            {
                Refuse(context, refusal);
            }
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            var rejected = context.AuthenticateFailure is not null;
            // RFC 6750 3.1: no error code when the request carried no token at all.
            context.Response.Headers.WWWAuthenticate = rejected ? "Bearer error=\"invalid_token\"" : "Bearer";
            await TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: rejected ? "The bearer token was rejected." : "A bearer token is required.")
                .ExecuteAsync(context.HttpContext);
        },
        OnForbidden = context =>
            TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Forbidden",
                    detail: "Your roles do not allow this.")
                .ExecuteAsync(context.HttpContext),
    };

    private static void Refuse<TOptions>(Microsoft.AspNetCore.Authentication.ResultContext<TOptions> context, SecurityTokenException refusal)
        where TOptions : Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions
    {
        // JwtBearer logs its own refusals; these it does not see. The message is the reason alone.
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
            .CreateLogger(typeof(BearerEvents))
            .LogInformation("Bearer token rejected: {Reason}", refusal is CaseworkTokenException { Reason: var reason } ? reason.ToString() : refusal.Message);
        context.Fail(refusal);
    }
}
