using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Casework.Http;

/// <summary>
/// Wolverine reads a JSON body itself and answers one it cannot read with a problem of its own (the
/// serializer's message, no field). This reads a Wolverine endpoint's body first, with the same options, so
/// that a body that is malformed, null or breaks a limit reaches <see cref="Problems"/> like any minimal-API
/// route's does: a 400 naming the field. The body is buffered and rewound for Wolverine to read.
/// </summary>
public sealed class JsonBodyCheck(RequestDelegate next, IOptions<JsonOptions> json)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is { RequestType: { } type } && http.Request.HasJsonContentType())
        {
            http.Request.EnableBuffering();
            try
            {
                _ = await JsonSerializer.DeserializeAsync(http.Request.Body, type, json.Value.SerializerOptions, http.RequestAborted)
                    ?? throw new JsonException("The body is null.");
            }
            catch (JsonException e)
            {
                throw new BadHttpRequestException("The request body is not valid.", StatusCodes.Status400BadRequest, e);
            }
            http.Request.Body.Position = 0;
        }
        await next(http);
    }
}
