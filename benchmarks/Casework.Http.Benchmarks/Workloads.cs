using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Casework.Http.Benchmarks;

/// <summary>
/// The four HTTP workloads of one cell, on one shared HttpClient (SocketsHttpHandler, one connection per
/// client). Every response is read to its end; a status other than 2xx is a failure named by its code.
/// </summary>
internal sealed class Workloads(Uri service, int clients, School school, Tokens tokens) : IDisposable
{
    private const string Triage = """{"risk":"high","rationale":"Sustained group bullying; parents to be told today."}""";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = clients,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        UseCookies = false,
    })
    {
        BaseAddress = service,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private Guid[] _cases = [];

    public void Dispose() => _http.Dispose();

    public Load.Operation For(WorkloadKind kind)
    {
        if (kind == WorkloadKind.View)
        {
            _cases = school.CasesSoFar();
        }
        return kind switch
        {
            WorkloadKind.Create => CreateAsync,
            WorkloadKind.Triage => TriageAsync,
            WorkloadKind.View => ViewAsync,
            WorkloadKind.Register => RegisterAsync,
            WorkloadKind.TimelineJson => ExportAsync("json"),
            WorkloadKind.TimelinePdf => ExportAsync("pdf"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public static string Describe(WorkloadKind kind) => kind switch
    {
        WorkloadKind.Create => "create a concern",
        WorkloadKind.Triage => "triage a new concern",
        WorkloadKind.View => "read a case view",
        WorkloadKind.Register => "read the register (50)",
        WorkloadKind.TimelineJson => $"export a {LongCaseEvents:#,0}-event timeline (JSON)",
        WorkloadKind.TimelinePdf => $"export a {LongCaseEvents:#,0}-event timeline (PDF)",
        _ => kind.ToString(),
    };

    /// <summary>A teacher reports a concern about a pupil of the school (POST /api/concerns, 201 with the case id).</summary>
    private Task<Outcome> CreateAsync(int client, CancellationToken ct) => CreateAsync(client, ct, school.Created);

    private Task<Outcome> CreateAsync(int client, CancellationToken ct, Action<Guid> created)
    {
        var pupil = school.Pupils[Random.Shared.Next(school.Pupils.Count)];
        var occurredAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var body = $$"""
            {"pupils":[{"pupilId":"{{pupil}}","role":"victim"}],"category":"cyberbullying",
             "account":"Messages in a class group chat telling her to leave the school.","occurredAt":"{{occurredAt}}"}
            """;
        return SendAsync(HttpMethod.Post, "/api/concerns", tokens.Teacher, body, null, response =>
        {
            using var json = JsonDocument.Parse(response);
            created(json.RootElement.GetProperty("id").GetGuid());
        }, ct);
    }

    /// <summary>The DSL triages a concern nobody has touched since it was reported, at version 1.</summary>
    private Task<Outcome> TriageAsync(int client, CancellationToken ct) =>
        school.TryTakeUntriaged(out var caseId)
            ? SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/triage", tokens.Dsl, Triage, "\"1\"", null, ct)
            : Task.FromResult(Outcome.Empty);

    /// <summary>The DSL reads a case of the school, picked at random among those created so far.</summary>
    private Task<Outcome> ViewAsync(int client, CancellationToken ct) =>
        _cases.Length == 0
            ? Task.FromResult(Outcome.Empty)
            : SendAsync(HttpMethod.Get, $"/api/cases/{_cases[Random.Shared.Next(_cases.Length)]}", tokens.Dsl, null, null, null, ct);

    /// <summary>The DSL reads the first page of the register.</summary>
    private Task<Outcome> RegisterAsync(int client, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "/api/cases?limit=50", tokens.Dsl, null, null, null, ct);

    /// <summary>
    /// The DSL exports the long case's timeline for the LADO. Each export is recorded on the case (one more event
    /// each), at the version it showed: hence one client.
    /// </summary>
    private Load.Operation ExportAsync(string format) => (client, ct) =>
        SendAsync(HttpMethod.Get, $"/api/cases/{school.LongCase}/timeline?format={format}&sharedWith=LADO&why=Strategy%20meeting", tokens.Dsl, null, null, null, ct);

    public const int LongCaseEvents = 1_000;

    /// <summary>
    /// Reports a concern and adds notes to it, unmeasured, one at a time at the version the last answer gave, until
    /// the case holds <paramref name="events"/> events: the case the timeline export cells read.
    /// </summary>
    public async Task EnsureLongCaseAsync(int events, CancellationToken ct)
    {
        Guid? reported = null;
        var outcome = await CreateAsync(0, ct, id => reported = id);
        var caseId = reported ?? throw new InvalidOperationException($"The long case could not be reported: {outcome.Error}");
        for (var version = 1; version < events; version++)
        {
            var note = $"{{\"text\":\"Note {version}: the pupil spoke about the messages again and named two more classmates in the group chat.\"}}";
            if ((await SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/add-note", tokens.Dsl, note, $"\"{version}\"", null, ct)).Error is { } error)
            {
                throw new InvalidOperationException($"Note {version} on the long case failed: {error}");
            }
        }
        school.LongCase = caseId;
    }

    /// <summary>
    /// Creates concerns, unmeasured, until at least <paramref name="target"/> are waiting for triage, so that the
    /// triage cell never runs out. Bounded: gives up after three minutes or a hundred failures.
    /// </summary>
    public async Task EnsureUntriagedAsync(int target, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(clients, 8)).Select(c => Task.Run(async () =>
        {
            while (school.UntriagedCount < target && clock.Elapsed < TimeSpan.FromMinutes(3) && Volatile.Read(ref failures) < 100)
            {
                if ((await CreateAsync(c, ct)).Error is not null)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, ct)));
        if (school.UntriagedCount < target)
        {
            throw new InvalidOperationException($"Only {school.UntriagedCount} of {target} concerns could be created for triage ({failures} failures).");
        }
    }

    private async Task<Outcome> SendAsync(HttpMethod method, string path, string token, string? body, string? ifMatch, Action<string>? onSuccess, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", token);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            return Outcome.Failed(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                + (response.StatusCode == HttpStatusCode.InternalServerError ? " (see the service log)" : ""));
        }
        onSuccess?.Invoke(text);
        return Outcome.Done;
    }
}
