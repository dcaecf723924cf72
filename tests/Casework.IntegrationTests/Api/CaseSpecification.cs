using System.Text.Json;
using Alba;
using Casework.Cases;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Casework.IntegrationTests.Api;

/// <summary>Who posts: a user and the roles their token names (in <see cref="ApiFixture.Tenant"/>).</summary>
public sealed record Who(Guid User, params string[] Roles);

/// <summary>A case whose stream holds the given events: its id and the version they make.</summary>
public sealed record Given(Guid CaseId, long Version);

/// <summary>What a posted action did: the status, the body, and the events the case's stream gained, as the service reads them (content opened, ADR 28).</summary>
public sealed record Then(int Status, string Body, IReadOnlyList<object> Appended)
{
    /// <summary>The rule a 422 names.</summary>
    public string? Rule => Body.StartsWith('{') && JsonDocument.Parse(Body).RootElement.TryGetProperty("rule", out var rule) ? rule.GetString() : null;

    public override string ToString() => $"{Status} {Body} appended [{string.Join(", ", Appended)}]";
}

/// <summary>
/// Given events, when posted, then events and status: a case's history is stored directly through Marten (as
/// if the commands had run, without walking every step over HTTP), one action is posted with Alba at the
/// stream's version, and the test reads what the stream gained. The same Decide runs as for any request.
/// </summary>
public static class CaseSpecification
{
    /// <summary>Given: a new case in <see cref="ApiFixture.Tenant"/> whose stream holds these events, oldest first.</summary>
    public static async Task<Given> GivenAsync(this ApiFixture api, params object[] events)
    {
        var caseId = Guid.CreateVersion7();
        await using var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession(ApiFixture.Tenant);
        session.Events.StartStream<CaseRecord>(caseId, events);
        await session.SaveChangesAsync();
        return new Given(caseId, events.Length);
    }

    /// <summary>
    /// When: <paramref name="who"/> posts <paramref name="action"/> with <paramref name="body"/>, at the given
    /// version unless <paramref name="ifMatch"/> says otherwise. Then: what came back and what was appended.
    /// </summary>
    public static async Task<Then> WhenPostedAsync(this ApiFixture api, Given given, Who who, string action, object body, long? ifMatch = null)
    {
        var result = await api.Host.Scenario(s =>
        {
            s.Post.Json(body, JsonStyle.MinimalApi).ToUrl($"/api/cases/{given.CaseId}/{action}");
            s.WithBearerToken(api.TokenFor(who.User, who.Roles));
            s.WithRequestHeader("If-Match", CaseEndpoints.ETag(ifMatch ?? given.Version));
            s.IgnoreStatusCode();
        });

        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession(ApiFixture.Tenant);
        var stream = await session.Events.FetchStreamAsync(given.CaseId);
        var content = await api.Services.GetRequiredService<ContentKeys>().ForCaseAsync(session, given.CaseId, default);
        return new Then(result.Context.Response.StatusCode, await result.ReadAsTextAsync(), [.. stream.Skip((int)given.Version).Select(e => content.Open(e.Data))]);
    }
}
