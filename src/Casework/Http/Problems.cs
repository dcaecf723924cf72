using System.Text.Json;
using Casework.Cases;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Casework.Http;

/// <summary>
/// Turns what a request can get wrong into RFC 9457 problem details: 400 malformed input naming the
/// field, 403 not permitted (with the rule), 409 stale version, 422 a broken rule (with its code), 503 the
/// database cannot be reached (with Retry-After), 503 a case whose master key is not configured. Anything else is a 500 that says nothing about the case.
/// </summary>
public sealed class Problems(IProblemDetailsService problems, NpgsqlDataSource dataSource, ILogger<Problems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (DatabaseUnavailable(exception))
        {
            return await UnavailableAsync(http, exception);
        }
        var (status, title, detail, extensions) = exception switch
        {
            RuleViolation e => (StatusCodes.Status422UnprocessableEntity, "A safeguarding rule refuses this.", e.Message,
                e.Field is null ? Rule(e.Rule) : new(Rule(e.Rule).Concat(Field(e.Field, e.Message)))),
            NotPermitted e => (StatusCodes.Status403Forbidden, "You may not do this.", e.Message, Rule(e.Rule)),
            StaleVersion e => (StatusCodes.Status409Conflict, "The case has changed since you read it.",
                "Reload the case and try again with its new version.", new Dictionary<string, object?> { ["currentVersion"] = e.CurrentVersion }),
            CallerRefused e => (e.Status, e.Message, (string?)null, Field(e.Field, e.Message)),
            BadHttpRequestException { InnerException: JsonException json } => (StatusCodes.Status400BadRequest, "The request body is not valid.",
                (string?)null, Field(FieldName(json), Describe(json))),
            BadHttpRequestException e => (e.StatusCode, "The request is not valid.", (string?)null, BinderField(e)),
            // The case is stored but its data key's master key is not configured: an operator's fix, said plainly, the content withheld (ADR 40).
            UnknownMasterKey e => (StatusCodes.Status503ServiceUnavailable, "The key that opens this case's content is not configured.",
                "Its data key is wrapped by a master key this service is not given; an operator must configure it (Casework:PreviousMasterKeyFiles).",
                new Dictionary<string, object?> { ["masterKeyId"] = e.MasterKeyId }),
            PostgresException { SqlState: PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.CharacterNotInRepertoire } =>
                (StatusCodes.Status400BadRequest, "The request holds text that cannot be stored.", (string?)null, null),
            _ => (0, "", null, null),
        };
        if (status == 0)
        {
            // The type and where it was thrown, never the message: messages may quote stored or submitted data.
            logger.LogError("Unhandled {Exception} on {Method} {Route} at {StackTrace}",
                exception.GetType().Name, http.Request.Method, http.GetEndpoint()?.DisplayName, exception.StackTrace);
            return false;
        }

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = extensions ?? new Dictionary<string, object?>() },
        });
    }

    /// <summary>How long a client should wait before retrying while the database is away (a restart takes seconds).</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>
    /// The database is away (down, restarting, refusing connections), not the request at fault: 503 with Retry-After.
    /// A write may have committed before its answer was lost, so the problem says so, and that a retry with the same
    /// Idempotency-Key is safe: it gives the first answer back rather than writing twice (ADR 16).
    /// </summary>
    private async ValueTask<bool> UnavailableAsync(HttpContext http, Exception exception)
    {
        logger.LogWarning("Database unavailable: {Exception} on {Method} {Route}", exception.GetType().Name, http.Request.Method, http.GetEndpoint()?.DisplayName);
        // The pool's idle connections are most likely broken too: closed now, so the next request opens a new one
        // rather than each taking a dead one in turn until a readiness probe clears them.
        dataSource.Clear();
        var write = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The case store cannot be reached just now.",
                Detail = write
                    ? $"This write may or may not have been recorded. Retry it after {RetryAfterSeconds} seconds with the same " +
                      $"{CaseEndpoints.IdempotencyKeyHeader}: that is safe, since a write already recorded answers as it first did and records nothing more."
                    : $"Retry after {RetryAfterSeconds} seconds.",
                Extensions = new Dictionary<string, object?> { ["retryAfterSeconds"] = RetryAfterSeconds, ["mayHaveBeenRecorded"] = write },
            },
        });
    }

    /// <summary>
    /// Whether the exception, or any it wraps (Marten's MartenCommandException, Wolverine's, an AggregateException),
    /// says the database could not be reached: a connection refused, dropped or timed out (Npgsql marks these
    /// transient), or the server shutting down, starting up, or out of connections.
    /// </summary>
    public static bool DatabaseUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AggregateException aggregate when aggregate.InnerExceptions.Any(DatabaseUnavailable):
                    return true;
                // The server answered: only these states mean it is away. Others (a deadlock, a serialization
                // failure) are transient too but say nothing about the database being unreachable.
                case PostgresException postgres:
                    return postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                        or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
                        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException { IsTransient: true }:
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }
        return false;
    }

    private static Dictionary<string, object?> Rule(string rule) => new() { ["rule"] = rule };

    public static Dictionary<string, object?> Field(string? field, string message) =>
        new() { ["errors"] = new Dictionary<string, string[]> { [field ?? "body"] = [message] } };

    private const string MissingMarker = "missing required properties including: ";

    // The binder names the parameter in its message: Failed to bind parameter "int? limit" from "abc".
    private static Dictionary<string, object?>? BinderField(BadHttpRequestException e)
    {
        var start = e.Message.IndexOf("parameter \"", StringComparison.Ordinal);
        if (start < 0 || e.StatusCode != StatusCodes.Status400BadRequest)
        {
            return null;
        }
        var quoted = e.Message[(start + 11)..];
        var parameter = quoted[..Math.Max(0, quoted.IndexOf('"'))].Split(' ')[^1];
        return Field(parameter is "" or "body" ? "body" : parameter, "This value could not be read.");
    }

    // "$.pupils[0].role" -> "pupils[0].role"; a missing field is named in the message, not the path;
    // an error inside a list carries its path relative to the list (ValueList's converter, a list of texts' limit).
    internal static string FieldName(JsonException json)
    {
        if (IsSyntaxError(json))
        {
            return "body";
        }
        var missing = json.Message.IndexOf(MissingMarker, StringComparison.Ordinal);
        var path = (json.Path is null or "$" ? "" : json.Path.TrimStart('$', '.')) + (json.Data[ValueList.RelativePath] as string ?? "");
        if (missing >= 0)
        {
            var name = json.Message[(missing + MissingMarker.Length)..].Split('\'', StringSplitOptions.RemoveEmptyEntries)[0];
            return path.Length == 0 ? name : $"{path}.{name}";
        }
        return path.Length == 0 ? "body" : path;
    }

    // The reader's own errors (malformed JSON) come as a JsonException wrapping the reader's exception.
    private static bool IsSyntaxError(JsonException json) => json.InnerException is JsonException;

    internal static string Describe(JsonException json) =>
        json.Data[CaseworkJson.ClientMessage] is string message ? message
        : json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal) ? "This field appears twice."
        : IsSyntaxError(json) ? "The body is not valid JSON."
        : json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) ? "This field is not part of the request."
        : json.Message.Contains(MissingMarker, StringComparison.Ordinal) ? "This field is required."
        : json.Message.Contains("null", StringComparison.OrdinalIgnoreCase) ? "A value is required here."
        : "The value is not of the expected type or is not one of the allowed values.";
}
