using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Casework.Http.Benchmarks;

/// <summary>Development bearer tokens of the users who send requests, minted by the CLI (one run per user).</summary>
internal sealed record Tokens(string Admin, string Dsl, string Teacher)
{
    public const string Tenant = "clarendon";

    public static async Task<Tokens> MintAsync(Build build, CancellationToken ct) => new(
        await MintAsync(build, School.AdminId, "Ada Admin", "admin", ct),
        await MintAsync(build, School.DslId, "Dana Lead", "dsl", ct),
        await MintAsync(build, School.TeacherId, "Tom Teacher", "staff", ct));

    // dotnet Casework.Cli.dll token ...: run from the checkout, so it signs with the key in .dev/ that the service trusts.
    private static async Task<string> MintAsync(Build build, Guid user, string name, string role, CancellationToken ct)
    {
        var (code, stdout, stderr) = await Processes.RunAsync("dotnet",
            [build.CliDll, "token", "--tenant", Tenant, "--user", user.ToString(), "--name", name, "--role", role, "--minutes", "240"],
            build.Repository, ct, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        return code == 0 && stdout.Length > 0 ? stdout : throw new InvalidOperationException($"The CLI minted no token for {name} (exit {code}): {stderr}");
    }
}

/// <summary>One entry of the school's directory: its route under <c>/api/directory/</c> and its JSON body.</summary>
internal sealed record DirectoryEntry(string Path, string Body)
{
    /// <summary>The person as one item of the bulk import: <c>{"id": ..., "staff"|"pupil"|"parent": body}</c>.</summary>
    public string ImportItem
    {
        get
        {
            var parts = Path.Split('/');
            var kind = parts[^2] switch { "pupils" => "pupil", "parents" => "parent", var other => other };
            return $$"""{"id":"{{parts[^1]}}","{{kind}}":{{Body}}}""";
        }
    }
}

/// <summary>
/// The school in one scenario: its directory (small: 1 pupil and 4 staff; large: 2,300 pupils, 150 staff and
/// 50 parents, 2,500 people) and the cases the benchmark created in it.
/// </summary>
internal sealed class School
{
    public static readonly Guid AdminId = Id(0x0a, 1), DslId = Id(0x0a, 2), TeacherId = Id(0x0a, 3);

    private readonly ConcurrentQueue<Guid> _untriaged = new();
    private readonly ConcurrentQueue<Guid> _cases = new();

    // Staff and pupils first, then parents: a parent can only be linked to a pupil already recorded.
    private readonly DirectoryEntry[] _staffAndPupils;
    private readonly DirectoryEntry[] _parents;

    public School(SchoolSize size)
    {
        var (pupils, staff, parents) = size == SchoolSize.Small ? (1, 4, 0) : (2_300, 150, 50);
        Pupils = [.. Enumerable.Range(1, pupils).Select(i => Id(0x0b, i))];
        _staffAndPupils = [.. Enumerable.Range(1, staff).Select(StaffEntry), .. Enumerable.Range(1, pupils).Select(PupilEntry)];
        _parents = [.. Enumerable.Range(1, parents).Select(i => ParentEntry(i, pupils))];
    }

    public IReadOnlyList<Guid> Pupils { get; }

    public int People => _staffAndPupils.Length + _parents.Length;

    public int UntriagedCount => _untriaged.Count;

    public int CaseCount => _cases.Count;

    /// <summary>A concern the benchmark created (version 1): triage takes it, views read it.</summary>
    public void Created(Guid caseId)
    {
        _untriaged.Enqueue(caseId);
        _cases.Enqueue(caseId);
    }

    public bool TryTakeUntriaged(out Guid caseId) => _untriaged.TryDequeue(out caseId);

    public Guid[] CasesSoFar() => [.. _cases];

    /// <summary>The case whose timeline the export cells read: reported, then noted on until it holds the events asked for.</summary>
    public Guid? LongCase { get; set; }

    /// <summary>
    /// Seeds the directory through the API with the admin token: the bulk import (POST /api/directory/import), a
    /// thousand people a request, staff and pupils before the parents who name them. The import is one commit a
    /// request and never conflicts; the count of 409s is kept for the report's column and stays 0.
    /// </summary>
    public async Task<(TimeSpan Elapsed, int Conflicts)> SeedDirectoryAsync(Uri service, string adminToken, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = service, Timeout = TimeSpan.FromSeconds(120) };
        var clock = Stopwatch.StartNew();
        foreach (var chunk in new[] { _staffAndPupils, _parents }.SelectMany(batch => batch.Chunk(1_000)))
        {
            var body = $$"""{"people":[{{string.Join(",", chunk.Select(e => e.ImportItem))}}]}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/import") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", adminToken);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/directory/import: {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        }
        return (clock.Elapsed, 0);
    }

    private static DirectoryEntry StaffEntry(int i)
    {
        var (name, roles) = i switch
        {
            1 => ("Ada Admin", "\"admin\""),
            2 => ("Dana Lead", "\"dsl\",\"staff\""),
            3 => ("Tom Teacher", "\"staff\""),
            4 => ("Hana Head", "\"headteacher\",\"staff\""),
            _ => ($"Teacher {i}", "\"staff\""),
        };
        return new($"/api/directory/staff/{Id(0x0a, i)}", $$"""{"name":"{{name}}","roles":[{{roles}}]}""");
    }

    private static DirectoryEntry PupilEntry(int i)
    {
        var name = i == 1 ? "Amira Khan" : $"Pupil {i}";
        var year = 7 + i % 5;
        var born = new DateOnly(2020 - year - 5, 1 + i % 12, 1 + i % 28);
        return new($"/api/directory/pupils/{Id(0x0b, i)}", $$"""{"name":"{{name}}","dateOfBirth":"{{born:yyyy-MM-dd}}","yearGroup":{{year}}}""");
    }

    private static DirectoryEntry ParentEntry(int i, int pupils) =>
        new($"/api/directory/parents/{Id(0x0c, i)}", $$"""{"name":"Parent {{i}}","pupilIds":["{{Id(0x0b, i)}}","{{Id(0x0b, 1 + (i + 50) % pupils)}}"]}""");

    private static Guid Id(int prefix, int i) => Guid.Parse($"{prefix:x2}000000-0000-4000-8000-{i:x12}");
}
