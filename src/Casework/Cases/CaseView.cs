using System.Text.Json;
using Casework.Calendar;
using Casework.EventStore;

namespace Casework.Cases;

public sealed record DeadlineView(string Name, DateTimeOffset Due, bool Satisfied, bool Overdue);

public sealed record ReferralView(Agency Agency, DateTimeOffset MadeAt, bool Acknowledged);

/// <summary>
/// A case as a screen shows it. A reporter without further rights sees only their own report
/// (<c>visibility: own-report</c>): no status, people, deadlines or actions of others.
/// </summary>
public sealed record CaseView(
    Guid Id,
    string Kind,
    CaseVisibility Visibility,
    DateTimeOffset ReportedAt,
    Guid ReportedBy,
    JsonElement Report,
    string? Status,
    long? Version,
    IReadOnlyList<Guid>? Pupils,
    Guid? Subject,
    Guid? Parent,
    string? ManagedBy,
    IReadOnlyList<ReferralView>? Referrals,
    IReadOnlyList<DeadlineView>? Deadlines,
    IReadOnlyList<string> AllowedActions)
{
    public static CaseView Of(LoadedCase loaded, Actor actor, CaseContext context, DateTimeOffset now)
    {
        var file = loaded.Kind.File(loaded.State);
        var report = JsonDocument.Parse(loaded.Events[0].Data).RootElement.Clone();
        if (loaded.Visibility != CaseVisibility.Full)
        {
            return new(loaded.Id, loaded.Kind.Name, loaded.Visibility, file.ReportedAt, file.ReportedBy, report,
                null, null, null, null, null, null, null, null, []);
        }

        var parties = loaded.Kind.Parties(loaded.State);
        return new(loaded.Id, loaded.Kind.Name, loaded.Visibility, file.ReportedAt, file.ReportedBy, report,
            file.Closed ? "closed" : "open",
            loaded.Version,
            parties.Pupils,
            parties.Subject,
            parties.Parent,
            parties.ManagedBy,
            [.. file.Referrals.OrderBy(r => r.Value.MadeAt).Select(r => new ReferralView(r.Key, r.Value.MadeAt, r.Value.Acknowledged))],
            [.. loaded.Kind.Deadlines(loaded.State, context.Deadlines, context.Calendar).Select(d => new DeadlineView(d.Name, d.Due, d.Satisfied, d.IsOverdue(now)))],
            loaded.Kind.AllowedActions(loaded.State, actor, context, now));
    }
}

/// <summary>One entry of a case's chronology.</summary>
public sealed record TimelineEntry(
    long Position, string Type, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Guid? ActorId, IReadOnlyList<string>? ActorRoles, JsonElement Data)
{
    public static TimelineEntry Of(RecordedEvent e, EventTypeMap types)
    {
        var metadata = types.Metadata(e);
        return new(e.StreamPosition, e.EventType, e.OccurredAt, e.RecordedAt, metadata?.ActorId, metadata?.ActorRoles,
            JsonDocument.Parse(e.Data).RootElement.Clone());
    }
}
