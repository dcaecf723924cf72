namespace Casework.WebConsole;

/// <summary>One row of the case register (GET /api/cases).</summary>
public sealed record CaseRow(
    Guid Id, string Kind, string Visibility, DateTimeOffset ReportedAt, string? Status, string? ManagedBy,
    IReadOnlyList<Guid>? Pupils, DateTimeOffset? NextDeadline, bool? Overdue, long? Version);

/// <summary>What one list of the Today screen shows, or why it cannot.</summary>
public sealed record TodayList(IReadOnlyList<CaseRow> Rows, string? Unavailable);

/// <summary>
/// Where the Today screen's lists come from, in one place. Today they are read from the case register
/// (GET /api/cases with its filters); once the registers (GET /api/registers/{name}: dsl-queue, overdue,
/// social-care-referrals) are served, each method switches to its register here and nowhere else.
/// </summary>
public sealed class TodayQueries(Api api)
{
    /// <summary>The DSL's queue: open concerns, disclosures and parent breaches (the cases a DSL manages).</summary>
    public async Task<TodayList> DslQueueAsync()
    {
        var concerns = await Register("api/cases?status=open&managedBy=dsl&limit=50");
        var shared = await Register("api/cases?status=open&managedBy=dsl-and-headteacher&limit=50");
        return new([.. concerns.Rows.Concat(shared.Rows).OrderBy(r => r.NextDeadline ?? DateTimeOffset.MaxValue)], concerns.Unavailable ?? shared.Unavailable);
    }

    /// <summary>Open cases the caller manages, whoever manages them (the headteacher's and the chair's allegations too).</summary>
    public Task<TodayList> OpenCasesAsync() => Register("api/cases?status=open&limit=50");

    public Task<TodayList> OverdueAsync() => Register("api/cases?overdue=true&limit=50");

    /// <summary>The case register says when a deadline is overdue but not which; referrals awaiting acknowledgement need the social-care register.</summary>
    public static TodayList AwaitingAcknowledgement() =>
        new([], "Referrals awaiting acknowledgement will be listed here from the social-care referrals register; until then, each case shows its referrals and their deadlines.");

    /// <summary>The reports the caller made (as a reporter they see their own report, not what others did with it).</summary>
    public async Task<TodayList> MyReportsAsync()
    {
        var all = await Register("api/cases?limit=50");
        return all with { Rows = [.. all.Rows.Where(r => r.Visibility == "own-report")] };
    }

    private async Task<TodayList> Register(string path)
    {
        var page = await api.GetAsync<Page<CaseRow>>(path);
        return page.Value is { } rows ? new(rows.Items, null) : new([], page.Problem!.Sentence);
    }
}
