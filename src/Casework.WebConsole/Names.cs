namespace Casework.WebConsole;

/// <summary>A person of the school's directory by name (GET /api/directory/names).</summary>
public sealed record PersonName(Guid Id, string Kind, string Name, int? YearGroup, bool HasLeft)
{
    public string Described => YearGroup is { } year ? $"{Name} (Year {year})" : Name;
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Names for ids, fetched once per tab and kept in memory: a case shows people by name, never by id.</summary>
public sealed class Names(Api api)
{
    private readonly Dictionary<Guid, PersonName> _known = [];

    public async Task LoadAsync(IEnumerable<Guid?> ids)
    {
        var missing = ids.OfType<Guid>().Distinct().Where(id => !_known.ContainsKey(id)).Take(100).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var found = await api.GetAsync<Page<PersonName>>("api/directory/names?limit=100&" + string.Join("&", missing.Select(id => $"id={id}")));
        foreach (var person in found.Value?.Items ?? [])
        {
            _known[person.Id] = person;
        }
    }

    public bool Knows(Guid id) => _known.ContainsKey(id);

    /// <summary>The person's name, or "someone not in the directory" (never the bare id).</summary>
    public string Of(Guid? id) => id is { } known && _known.TryGetValue(known, out var person) ? person.Name : "someone not in the directory";

    /// <summary>
    /// Up to 20 people of <paramref name="kind"/> still at the school whose name holds <paramref name="search"/>;
    /// <c>More</c>: others match too, so more of the name is needed.
    /// </summary>
    public async Task<(IReadOnlyList<PersonName> Found, bool More)> SearchAsync(string kind, string search)
    {
        var found = await api.GetAsync<Page<PersonName>>($"api/directory/names?kind={kind}&current=true&limit=20&search={Uri.EscapeDataString(search)}");
        foreach (var person in found.Value?.Items ?? [])
        {
            _known[person.Id] = person;
        }
        return (found.Value?.Items ?? [], found.Value?.Next is not null);
    }
}
