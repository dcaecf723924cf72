using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Casework.WebConsole;

/// <summary>A problem details answer, as the API writes it: the rule's code and sentence for a 422.</summary>
public sealed record Problem(int Status, string? Title, string? Detail, string? Rule, IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>What the console says instead of the API's words, where it knows more (who changed a case since it was read).</summary>
    public string? Said { get; init; }

    /// <summary>
    /// What to tell the user, in the API's own words: a rule that refuses the user (403 with its rule, as an auditor
    /// reporting) is said with its sentence; otherwise a 403 and a 404 read the same (see <see cref="CannotSee"/>).
    /// </summary>
    public string Sentence => Said ?? Status switch
    {
        401 => "Your sign-in has ended. Sign in again.",
        403 when Rule is not null && Detail is not null => $"{Detail} ({Rule})",
        403 or 404 => CannotSee,
        422 => $"{Detail ?? Title} ({Rule})",
        409 => "Someone changed this case since you opened it. It has been reloaded: check it, then try again.",
        _ => string.Join(" ", new[] { Title, Detail }.Concat(Errors?.SelectMany(e => e.Value) ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct()),
    };

    /// <summary>Never says whether the case exists.</summary>
    public const string CannotSee = "You cannot see this case, or there is no such case.";
}

public sealed record ApiResult<T>(T? Value, Problem? Problem, long? Version)
{
    public bool Ok => Problem is null;
}

/// <summary>The Casework API with the signed-in user's bearer token: every call the console makes goes through here.</summary>
public sealed class Api(HttpClient http, Session session)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public Task<ApiResult<T>> GetAsync<T>(string path) => SendAsync<T>(HttpMethod.Get, path, null, null);

    public Task<ApiResult<T>> PostAsync<T>(string path, JsonNode body, long? version = null) => SendAsync<T>(HttpMethod.Post, path, body, version);

    public Task<ApiResult<T>> PutAsync<T>(string path, JsonNode body) => SendAsync<T>(HttpMethod.Put, path, body, null);

    /// <summary>A raw answer (a timeline export), or the problem the API gave instead.</summary>
    public async Task<(byte[]? Content, string? MediaType, Problem? Problem)> DownloadAsync(string path)
    {
        using var response = await http.SendAsync(await RequestAsync(HttpMethod.Get, path));
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType, null)
            : (null, null, await ProblemOf(response));
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, JsonNode? body, long? version)
    {
        using var request = await RequestAsync(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        if (version is { } v)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        }
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized && session.SignedIn)
        {
            // The token has expired (or was revoked): back to the sign-in, which says nothing of the case.
            session.SignOut();
        }
        if (!response.IsSuccessStatusCode)
        {
            return new(default, await ProblemOf(response), null);
        }
        var etag = response.Headers.ETag?.Tag.Trim('"');
        // An accepted command (202) may answer with no body at all.
        var text = await response.Content.ReadAsStringAsync();
        return new(text.Length == 0 ? default : JsonSerializer.Deserialize<T>(text, Json), null, long.TryParse(etag, out var tagged) ? tagged : null);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (await session.TokenAsync() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    private static async Task<Problem> ProblemOf(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Json);
            return new(status, problem?.Title, problem?.Detail, problem?.Rule, problem?.Errors);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return new(status, response.StatusCode == HttpStatusCode.NotAcceptable ? "Not available in this format." : response.ReasonPhrase, null, null, null);
        }
    }

    private sealed record ProblemBody(string? Title, string? Detail, string? Rule, Dictionary<string, string[]>? Errors);
}
