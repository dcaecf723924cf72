namespace Casework.WebConsole;

/// <summary>One row of the case register (GET /api/cases).</summary>
public sealed record CaseRow(
    Guid Id, string Kind, string Visibility, DateTimeOffset ReportedAt, string? Status, string? ManagedBy,
    IReadOnlyList<Guid>? Pupils, DateTimeOffset? NextDeadline, bool? Overdue, long? Version,
    IReadOnlyList<RowPerson>? People = null, string? Risk = null);

/// <summary>A person a register row names, with the name the directory held.</summary>
public sealed record RowPerson(Guid Id, string? Name);

public sealed record DslQueueRow(Guid CaseId, string Kind, DateTimeOffset ReceivedAt, bool EscalatedToDsl, DateTimeOffset? TriageDue, bool Overdue, IReadOnlyList<RowPerson> People);

/// <summary>A deadline past due (GET /api/registers/overdue): once its miss is recorded, to whom it was escalated (ADR 36).</summary>
public sealed record OverdueRow(Guid CaseId, string Kind, string Deadline, string? Rule, DateTimeOffset Due, int WorkingDaysLate, IReadOnlyList<RowPerson> People,
    bool MissedRecorded = false, IReadOnlyList<string>? EscalatedTo = null);

/// <summary>One of the caller's deadlines that ends today (GET /api/me/due-today), as the morning's reminder told them of it.</summary>
public sealed record MyDeadline(Guid CaseId, string Kind, DeadlineView Deadline, string? Rule, IReadOnlyList<RowPerson> People, string? Risk = null);

public sealed record ReferralRow(Guid CaseId, string Kind, string Status, string Agency, DateTimeOffset ReferredAt, bool Acknowledged,
    DateTimeOffset? AcknowledgementDue, bool NeedsFollowUp, IReadOnlyList<RowPerson> People);

/// <summary>
/// One line of a Today list: the case, the people it names, what is due and when, and the risk where the list gives it.
/// <paramref name="DueSaid"/>: when it is due in words the service's answer gives ("by the end of today"), said instead
/// of the working days the browser counts.
/// </summary>
public sealed record TodayRow(Guid CaseId, string Kind, IReadOnlyList<RowPerson> People, string What, DateTimeOffset? Due, bool Late, string? Risk = null,
    string? DueSaid = null);

/// <summary>
/// What one list shows, or why it cannot; <paramref name="More"/> reads the list's next page, when the service said there is
/// one (its <c>next</c>): a list is never cut at its first page without a way on.
/// </summary>
public sealed record TodayList(IReadOnlyList<TodayRow> Rows, string? Unavailable, Func<Task<TodayList>>? More = null);

/// <summary>
/// Where the Today screen's lists come from, in one place: the caller's deadlines due today (GET /api/me/due-today);
/// the registers (GET /api/registers/{name}) for the DSL's queue, missed deadlines and referrals awaiting
/// acknowledgement; the case register (GET /api/cases) for the open cases a headteacher or chair manages and for a
/// reporter's own reports.
/// </summary>
public sealed class TodayQueries(Api api)
{
    private const string Limit = "limit=50";

    public async Task<TodayList> DslQueueAsync() => await ReadAsync<DslQueueRow>($"api/registers/dsl-queue?{Limit}", r =>
        new(r.CaseId, r.Kind, r.People, r.EscalatedToDsl ? "Escalated to the DSL; awaiting triage" : $"Told {Words.When(r.ReceivedAt)}; awaiting triage", r.TriageDue, r.Overdue));

    /// <summary>
    /// The caller's deadlines that end today, as the morning's reminder told them: on which case (the people, the risk),
    /// what is due, by the end of today (the service's today, whatever the browser's clock says).
    /// </summary>
    public async Task<TodayList> DueTodayAsync() => await ReadAsync<MyDeadline>($"api/me/due-today?{Limit}", d =>
        new(d.CaseId, d.Kind, d.People, Deadline(d.Deadline.Name, d.Rule, d.Deadline.Url), d.Deadline.Due, false, d.Risk, "by the end of today"));

    /// <summary>Deadlines past due: what was missed, how late, and once the miss is recorded, to whom it was escalated (ADR 36).</summary>
    public async Task<TodayList> OverdueAsync() => await ReadAsync<OverdueRow>($"api/registers/overdue?{Limit}", r =>
        new(r.CaseId, r.Kind, r.People,
            // Late by no working day yet: missed on a Friday, read on the Saturday.
            $"{Deadline(r.Deadline, r.Rule, null)}: {(r.MissedRecorded ? "missed" : "overdue")}"
            + (r.WorkingDaysLate > 0 ? $", {r.WorkingDaysLate} working day{(r.WorkingDaysLate == 1 ? "" : "s")} late" : "")
            + Words.EscalatedTo(r.EscalatedTo),
            r.Due, true, DueSaid: Words.Due(r.Due)));

    // "DSL triage", "LADO referral (R6)", "Poster removal response (R10, https://...)".
    private static string Deadline(string name, string? rule, string? url) =>
        Words.Sentence(name) + (new[] { rule, url }.OfType<string>().ToList() is { Count: > 0 } said ? $" ({string.Join(", ", said)})" : "");

    /// <summary>Referrals to children's social care not yet acknowledged (R15: follow-up after 1 working day), from their own register.</summary>
    public Task<TodayList> AwaitingAcknowledgementAsync() => ReadAsync<ReferralRow>($"api/registers/social-care-awaiting-acknowledgement?{Limit}", r =>
        new(r.CaseId, r.Kind, r.People, $"Referred {Words.When(r.ReferredAt)}; acknowledgement {(r.NeedsFollowUp ? "overdue: follow it up" : "awaited")}",
            r.AcknowledgementDue, r.NeedsFollowUp));

    /// <summary>Open cases the caller manages, whoever manages them (the headteacher's and the chair's allegations too).</summary>
    public Task<TodayList> OpenCasesAsync() => CaseRegisterAsync($"api/cases?status=open&{Limit}");

    /// <summary>Every case the caller manages, open or closed (GET /api/cases?status=...), with its people, risk and next deadline.</summary>
    public Task<TodayList> CasesAsync(string status) => CaseRegisterAsync($"api/cases?status={status}&limit=200");

    /// <summary>The cases found by a search (GET /api/cases/search; the query is built by the search screen).</summary>
    public Task<TodayList> SearchAsync(string query) => CaseRegisterAsync($"api/cases/search?limit=200&{query}");

    /// <summary>The open actions assigned to the caller (GET /api/me/actions), each due by the end of its day.</summary>
    public Task<TodayList> MyActionsAsync() => ReadAsync<MyAction>($"api/me/actions?{Limit}", a =>
        new(a.CaseId, a.Kind, [], a.What, a.DueOn is { } day ? Words.EndOf(day) : null, a.DueOn is { } due && Words.EndOf(due) <= DateTimeOffset.Now));

    /// <summary>The reports the caller made that others manage (they see their report and whom it named, not what others did with it).</summary>
    public Task<TodayList> MyReportsAsync() => CaseRegisterAsync($"api/cases?visibility=own-report&{Limit}");

    private Task<TodayList> CaseRegisterAsync(string path) => ReadAsync<CaseRow>(path, r =>
        new(r.Id, r.Kind, r.People ?? [.. (r.Pupils ?? []).Select(p => new RowPerson(p, null))],
            r.Status is { } status ? $"{char.ToUpperInvariant(status[0])}{status[1..]}, reported {Words.When(r.ReportedAt)}" : $"Reported {Words.When(r.ReportedAt)}",
            r.NextDeadline, r.Overdue == true, r.Risk));

    // One page of a list (every path here has its query, with limit: the service filters, so no page is cut here), and
    // the way to the page after it.
    private async Task<TodayList> ReadAsync<T>(string path, Func<T, TodayRow> row, string? after = null)
    {
        var page = await api.GetAsync<Page<T>>(after is null ? path : $"{path}&after={Uri.EscapeDataString(after)}");
        return page.Value is { } rows
            ? new([.. rows.Items.Select(row)], null, rows.Next is { } next ? () => ReadAsync(path, row, next) : null)
            : new([], page.Problem!.Status == 403 ? "This list is not for your role." : page.Problem.Sentence);
    }
}
