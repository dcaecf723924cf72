using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Item 10: while PostgreSQL is unreachable the service answers 503 problem details with Retry-After (never 500),
/// says on a write that it may have been recorded and that a retry with the same Idempotency-Key is safe, and
/// readiness says not ready; once the database is back the same requests work and nothing was half written.
/// A host of its own reaches the real database through a <see cref="TcpForwarder"/> that the test cuts.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly ForwardedApi _host = new();

    private TcpForwarder _forwarder => _host.Forwarder;

    private ApiFixture _api => _host.Api;

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    private static HttpRequestMessage Keyed(HttpRequestMessage request, string key)
    {
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage Report(string key) =>
        Keyed(new HttpRequestMessage(HttpMethod.Post, "/api/concerns") { Content = JsonContent.Create(ConcernBody(School.Year8Pupil)) }, key);

    private static async Task AssertUnavailable(HttpResponseMessage response, bool write)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Equal(write, detail.Contains("may or may not have been recorded", StringComparison.Ordinal) && detail.Contains("Idempotency-Key", StringComparison.Ordinal));
    }

    // A client's retry as the 503 advises: the same request again, after Retry-After, until it is answered.
    private static async Task<HttpResponseMessage> Retried(HttpClient client, Func<HttpRequestMessage> request)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.SendAsync(request());
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 20)
            {
                return response;
            }
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task While_the_database_is_away_reads_and_writes_are_503_with_retry_after_and_afterwards_they_work_with_nothing_half_written()
    {
        var reporter = _api.ClientFor(School.Teacher, Role.Staff.Name());
        var dsl = _api.ClientFor(School.Dsl, Role.Dsl.Name());
        var anyone = _api.CreateClient();
        var created = await reporter.SendAsync(Report(Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var reportKey = Guid.NewGuid().ToString();
        var triageKey = Guid.NewGuid().ToString();

        _forwarder.Stop();

        await AssertUnavailable(await reporter.SendAsync(Report(reportKey)), write: true);
        await AssertUnavailable(await dsl.SendAsync(Keyed(Triage(caseId), triageKey)), write: true);
        await AssertUnavailable(await dsl.GetAsync($"/api/cases/{caseId}"), write: false);
        await AssertUnavailable(await dsl.GetAsync("/api/registers/dsl-queue"), write: false);
        var ready = await anyone.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        _forwarder.Start();

        var report = await Retried(reporter, () => Report(reportKey));
        var triage = await Retried(dsl, () => Keyed(Triage(caseId), triageKey));
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        Assert.Equal(HttpStatusCode.OK, triage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Retried(dsl, () => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Retried(dsl, () => new HttpRequestMessage(HttpMethod.Get, "/api/registers/dsl-queue"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Retried(anyone, () => new HttpRequestMessage(HttpMethod.Get, "/health/ready"))).StatusCode);
        // Nothing half written: the case has its report and one triage; the report retried made one case of one event.
        var reported = (await report.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(2L, await _api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{caseId}'"));
        Assert.Equal(1L, await _api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{reported}'"));
    }
}
