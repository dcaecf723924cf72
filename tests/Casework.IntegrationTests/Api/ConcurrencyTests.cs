using System.Net;
using System.Text.Json;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Optimistic concurrency through the API (API.md: stale version 409): of many commands sent at once at the
/// same version exactly one wins, the others are told the case changed, and the stream holds one new event.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class ConcurrencyTests(ApiFixture api)
{
    [Fact]
    public async Task Fifty_concurrent_triages_at_one_version_make_one_200_and_forty_nine_409_and_one_event()
    {
        const int Attempts = 50;
        var concern = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        using var start = new SemaphoreSlim(0);

        var sends = Enumerable.Range(0, Attempts).Select(async i =>
        {
            await start.WaitAsync();
            // Each would record an event of its own (a different rationale), so only the version check can stop it.
            return await dsl.SendAsync(Triage(concern, "\"1\"", i % 2 == 0 ? "high" : "low", $"Attempt {i}: named peers; parents told."));
        }).ToList();
        start.Release(Attempts);
        var responses = await Task.WhenAll(sends);

        var statuses = responses.GroupBy(r => (int)r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(statuses.Count == 2 && statuses.GetValueOrDefault(200) == 1 && statuses.GetValueOrDefault(409) == Attempts - 1,
            "expected one 200 and 49 × 409 but got " + string.Join(", ", statuses.Select(s => $"{s.Value} × {s.Key}")));
        Assert.Equal(2L, await StreamEventCountAsync(api, concern));
        Assert.Equal(2L, await api.ScalarAsync<long>($"select version from mt_streams where id = '{concern}'"));

        var winner = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal("\"2\"", winner.Headers.ETag!.Tag);
        var stored = await api.ScalarAsync<string>($"select data->>'rationale' from mt_events where stream_id = '{concern}' and version = 2");
        var won = (await winner.Content.ReadAsStringAsync());
        Assert.Equal(2, JsonDocument.Parse(won).RootElement.GetProperty("version").GetInt64());
        // The rationale is content of the case: stored sealed, read with the case's key (ADR 29).
        Assert.True(ContentCipher.IsSealed(stored), stored);
        Assert.StartsWith("Attempt ", (await api.ContentOfAsync(concern)).Open(stored));

        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = await ProblemAsync(loser, HttpStatusCode.Conflict);
            Assert.Equal(2, problem.GetProperty("currentVersion").GetInt64());
        }
    }

    [Fact]
    public async Task Concurrent_triages_on_different_cases_do_not_block_each_other()
    {
        var concerns = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            concerns.Add(await ReportConcernAsync(api));
        }
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());

        var responses = await Task.WhenAll(concerns.Select(c => dsl.SendAsync(Triage(c))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var concern in concerns)
        {
            Assert.Equal(2L, await StreamEventCountAsync(api, concern));
        }
    }

    [Fact]
    public async Task After_a_conflict_the_loser_succeeds_at_the_version_it_is_told()
    {
        var concern = await ReportConcernAsync(api);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name());
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(concern, "\"1\"", "low"))).StatusCode);

        var stale = await ProblemAsync(await dsl.SendAsync(Triage(concern, "\"1\"", "high")), HttpStatusCode.Conflict);
        var current = stale.GetProperty("currentVersion").GetInt64();
        var retried = await dsl.SendAsync(Triage(concern, $"\"{current}\"", "high"));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("\"3\"", retried.Headers.ETag!.Tag);
        Assert.Equal(3L, await StreamEventCountAsync(api, concern));
    }
}
