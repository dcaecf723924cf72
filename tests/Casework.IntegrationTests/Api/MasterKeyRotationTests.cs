using System.Net;
using System.Net.Http.Headers;
using Alba;
using Casework.Cases;
using Casework.Concerns;
using Casework.Operations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// ADR 40: rotating the master key re-wraps every data key under the new one, content untouched; a service given only
/// the new key opens everything sealed before, and a key wrapped by a master key the service is not given is a clear
/// 503 that withholds the content, never a 500.
/// </summary>
public sealed class MasterKeyRotationTests : IAsyncLifetime
{
    private readonly string _oldKeyFile = NewKeyFile();
    private readonly string _newKeyFile = NewKeyFile();
    private readonly ApiFixture _api;

    public MasterKeyRotationTests() => _api = new ApiFixture(new Dictionary<string, string> { ["Casework:MasterKeyFile"] = _oldKeyFile });

    public Task InitializeAsync() => _api.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        File.Delete(_oldKeyFile);
        File.Delete(_newKeyFile);
    }

    private static string NewKeyFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"casework-master-key-{Guid.NewGuid():N}");
        File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return path;
    }

    private async Task<(Guid Id, string Word)> SealedConcernAsync()
    {
        var word = $"Quillmoor{Guid.NewGuid():N}"[..18];
        var view = await Report(_api.ClientFor(School.Teacher, "staff"), "/api/concerns", new ReportConcern.Request(
            [new PupilInvolved(School.Year8Pupil, PupilRole.Victim)], ConcernCategory.Cyberbullying, $"Messages naming {word} in the group chat.", HoursAgo(2)));
        return (view.Id, word);
    }

    private Task<int> RotateAsync(int batchSize) => MasterKeyRotation.RunAsync(TestDatabase.ConnectionString, _api.Schema,
        _api.Services.GetRequiredService<IMasterKey>(), FileMasterKey.Load(_newKeyFile, createIfMissing: false), batchSize, default);

    /// <summary>A second service on the same store, given <paramref name="settings"/>, and a DSL's client of it.</summary>
    private async Task<(IAlbaHost Host, HttpClient Dsl)> ServiceWithAsync(Dictionary<string, string> settings)
    {
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Casework", TestDatabase.ServiceConnectionString);
            builder.UseSetting("Casework:Schema", _api.Schema);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(_api.Clock));
        });
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _api.TokenFor(School.Dsl, ["dsl", "staff"]));
        return (host, client);
    }

    [Fact]
    public async Task ADR_40_after_rotation_a_service_given_only_the_new_master_key_opens_content_sealed_under_the_old_one()
    {
        var first = await SealedConcernAsync();
        var second = await SealedConcernAsync();
        var eventsBefore = await _api.ScalarAsync<string>("select string_agg(data::text, '|' order by seq_id) from mt_events");

        // Batches of one: each key re-wrapped in a transaction of its own; a second run finds nothing left to do.
        Assert.True(await RotateAsync(batchSize: 1) >= 2);
        Assert.Equal(0, await RotateAsync(batchSize: 1));
        var newId = FileMasterKey.Load(_newKeyFile, createIfMissing: false).Id;
        Assert.Equal(0L, await _api.ScalarAsync<long>($"select count(*) from mt_doc_data_key where data->>'masterKeyId' <> '{newId}'"));
        // The content was not re-encrypted: the events are as they were.
        Assert.Equal(eventsBefore, await _api.ScalarAsync<string>("select string_agg(data::text, '|' order by seq_id) from mt_events"));

        var (host, dsl) = await ServiceWithAsync(new() { ["Casework:MasterKeyFile"] = _newKeyFile });
        await using (host)
        {
            foreach (var (id, word) in new[] { first, second })
            {
                var response = await dsl.GetAsync($"/api/cases/{id}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, body);
                Assert.Contains(word, body);
            }
        }
    }

    [Fact]
    public async Task ADR_40_while_rotating_a_service_given_the_new_and_previous_master_keys_opens_keys_wrapped_by_either()
    {
        var before = await SealedConcernAsync();
        var (host, dsl) = await ServiceWithAsync(new() { ["Casework:MasterKeyFile"] = _newKeyFile, ["Casework:PreviousMasterKeyFiles:0"] = _oldKeyFile });
        await using (host)
        {
            // Sealed by this service: its data key is wrapped by the new master key, the earlier one's still by the old.
            var word = $"Fernhollow{Guid.NewGuid():N}"[..18];
            var teacher = host.Server.CreateClient();
            teacher.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _api.TokenFor(School.Teacher, ["staff"]));
            var after = await Report(teacher, "/api/concerns", new ReportConcern.Request(
                [new PupilInvolved(School.Year8Pupil, PupilRole.Victim)], ConcernCategory.Cyberbullying, $"Messages naming {word}.", HoursAgo(1)));
            foreach (var (id, expected) in new[] { before, (after.Id, word) })
            {
                var body = await dsl.GetStringAsync($"/api/cases/{id}");
                Assert.Contains(expected, body);
            }
        }
    }

    [Fact]
    public async Task ADR_40_a_data_key_wrapped_by_a_master_key_the_service_is_not_given_is_a_503_naming_the_setting_and_withholds_the_content()
    {
        var (id, word) = await SealedConcernAsync();
        await RotateAsync(batchSize: 100);

        // The fixture's service still has only the old master key, which wraps nothing now.
        var response = await _api.ClientFor(School.Dsl, ["dsl", "staff"]).GetAsync($"/api/cases/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Casework:PreviousMasterKeyFiles", body);
        Assert.Contains(FileMasterKey.Load(_newKeyFile, createIfMissing: false).Id, body);
        Assert.DoesNotContain(word, body);
    }
}
