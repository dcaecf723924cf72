using System.Text.Json;
using Casework.Http;

namespace Casework.SchoolPolicies;

/// <summary>The clause of a school's policy a setting comes from, quoted.</summary>
public sealed record PackClause(string Setting, string Clause);

/// <summary>A school's policy as settings (docs/policies.md traces each), proposed in one request and approved like any change.</summary>
public sealed record PolicyPack(string Id, string School, string Source, SchoolSettings Settings, IReadOnlyList<PackClause> Clauses)
{
    /// <summary>Where the pack differs from the default, in words.</summary>
    public IReadOnlyList<PolicyDifference> Differences => Settings.Differences();
}

/// <summary>The five policies Casework was built from, as data (SchoolPolicies/Packs/*.json, embedded in the service).</summary>
public static class PolicyPacks
{
    public static IReadOnlyList<PolicyPack> All { get; } = Load();

    public static PolicyPack? Find(string id) => All.FirstOrDefault(p => p.Id == id);

    private static List<PolicyPack> Load()
    {
        var assembly = typeof(PolicyPacks).Assembly;
        return [.. assembly.GetManifestResourceNames().Where(n => n.Contains(".SchoolPolicies.Packs.", StringComparison.Ordinal)).Order()
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                return JsonSerializer.Deserialize<PolicyPack>(stream, CaseworkJson.Stored)
                    ?? throw new InvalidOperationException($"The policy pack {name} is empty.");
            })];
    }
}
