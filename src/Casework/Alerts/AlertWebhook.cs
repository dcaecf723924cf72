using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Casework.Http;

namespace Casework.Alerts;

/// <summary>What an alert's webhook carries as its CloudEvent's data: the school, the kind, the rule, the deadline, to whom and a link, no case content.</summary>
public sealed record AlertEventData(
    string School,
    AlertKind Kind,
    string Rule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Due,
    Guid RecipientId,
    Uri Link);

/// <summary>A CloudEvents 1.0 event in structured mode (JSON): <see cref="Id"/> is the alert's, stable across retries.</summary>
public sealed record AlertCloudEvent(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    [property: JsonPropertyName("data")] AlertEventData Data);

/// <summary>
/// Posts an alert to its school's webhook (ADR 37) as a CloudEvent, signed over the exact bytes of the body with the
/// school's key: <c>Casework-Signature: sha256=&lt;lower-case hex of HMAC-SHA256(key, body)&gt;</c>. Anything but a 2xx
/// answer is a failure, retried by Wolverine.
/// </summary>
public sealed class AlertWebhook(IHttpClientFactory clients, AlertSettings settings)
{
    public const string HttpClientName = "alerts";
    public const string SignatureHeader = "Casework-Signature";
    public const string MediaType = "application/cloudevents+json";

    public async Task SendAsync(Alert alert, CancellationToken ct)
    {
        var target = settings.Webhook(alert.Tenant) ?? throw new RecipientUnreachable("The school has no webhook configured.");
        var body = Body(alert, settings);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(MediaType) { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Signature(target.Secret, body));
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The CloudEvent's bytes, exactly as signed and sent.</summary>
    public static byte[] Body(Alert alert, AlertSettings settings) => JsonSerializer.SerializeToUtf8Bytes(new AlertCloudEvent(
        "1.0", alert.Id, $"/casework/schools/{alert.Tenant}", Type(alert.Kind), alert.RaisedAt, "application/json",
        new AlertEventData(settings.SchoolName(alert.Tenant), alert.Kind, alert.Rule, alert.Due, alert.RecipientId, settings.Link(alert.CaseId))),
        CaseworkJson.Options);

    /// <summary>The CloudEvent type of a kind, e.g. <c>uk.casework.alert.deadline-missed</c>.</summary>
    public static string Type(AlertKind kind) => "uk.casework.alert." + JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    public static string Signature(byte[] secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
}
