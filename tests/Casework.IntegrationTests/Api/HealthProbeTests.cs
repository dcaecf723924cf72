using Casework.Cases;
using System.Diagnostics;
using System.Net;
using Casework.Auth;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Casework.IntegrationTests.Api.AuthorizationKit;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Issue 20, item 4: readiness tells the truth through a database outage and liveness never fails for one.
/// A host of its own reaches the real database through a <see cref="TcpForwarder"/> that the test cuts (refusing new
/// connections and resetting live ones, as a restart does) and restores; the shared cluster is never stopped.
/// </summary>
public sealed class HealthProbeTests : IAsyncLifetime
{
    private readonly ForwardedApi _host = new();

    private TcpForwarder _forwarder => _host.Forwarder;

    private ApiFixture _api => _host.Api;

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    // Several physical connections idle in the service's pool, as a busy service has when its database restarts.
    private async Task FillThePoolAsync(int connections)
    {
        var dataSource = _api.Services.GetRequiredService<NpgsqlDataSource>();
        var open = new List<NpgsqlConnection>();
        for (var i = 0; i < connections; i++)
        {
            var connection = await dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync();
            open.Add(connection);
        }
        foreach (var connection in open)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task While_the_database_is_away_readiness_is_503_and_liveness_stays_200_R_readiness_tells_the_truth()
    {
        var anyone = _api.CreateClient();
        await FillThePoolAsync(4);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/health/ready")).StatusCode);

        _forwarder.Stop();

        // Every probe while it is away, including those that draw a dead pooled connection, says not ready; none says ready.
        for (var probe = 0; probe < 6; probe++)
        {
            var watch = Stopwatch.StartNew();
            var ready = await anyone.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
            // Within the probe's own bound, so the kubelet's timeout (3 s in the chart) never decides for it.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"readiness took {watch.Elapsed}");
            // Liveness never restarts a service that is only waiting for its database.
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/health/live")).StatusCode);
        }
    }

    [Fact]
    public async Task While_the_database_answers_nothing_readiness_is_503_within_its_2_s_bound_R_readiness_answers_before_the_probe_times_out()
    {
        var anyone = _api.CreateClient();
        await FillThePoolAsync(2);

        // Connections are accepted and never answered, as when the database's host drops packets: opening one would
        // wait for the connection string's Timeout (3 s here, 15 s by default), beyond the kubelet's probe timeout.
        _forwarder.Silence();

        for (var probe = 0; probe < 3; probe++)
        {
            var watch = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anyone.GetAsync("/health/ready")).StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"readiness took {watch.Elapsed}");
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/health/live")).StatusCode);
        }

        _forwarder.Restore();
        var back = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await anyone.GetAsync("/health/ready")).StatusCode;
        }
        while (status != HttpStatusCode.OK && back.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(2), $"ready again after {back.Elapsed}");
    }

    [Fact]
    public async Task Readiness_is_200_within_2_s_of_the_database_coming_back_R_the_service_recovers_by_itself()
    {
        var anyone = _api.CreateClient();
        await FillThePoolAsync(4);
        _forwarder.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anyone.GetAsync("/health/ready")).StatusCode);

        _forwarder.Start();
        var back = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await anyone.GetAsync("/health/ready")).StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }
        }
        while (status != HttpStatusCode.OK && back.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(2), $"ready again after {back.Elapsed}");
    }

    [Fact]
    public async Task After_a_restart_too_short_for_any_probe_to_see_the_first_probe_is_ready_and_requests_work_R_no_stale_pooled_connection_decides()
    {
        var anyone = _api.CreateClient();
        var dsl = _api.ClientFor(School.Dsl, Role.Dsl.Name());
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync("/api/registers/dsl-queue")).StatusCode);
        await FillThePoolAsync(4);

        // The database restarts between two probes: every pooled connection is dead, and the database is back.
        _forwarder.Stop();
        _forwarder.Start();

        // A probe that drew a dead pooled connection and said "not ready" would keep a healthy pod out of service
        // for a whole probe period per dead connection: the first probe answers from a live connection.
        var ready = await anyone.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        // And the probe cleared the dead connections, so the next request is not the one that finds them.
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync("/api/registers/dsl-queue")).StatusCode);
    }
}
