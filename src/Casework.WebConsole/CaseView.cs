using System.Text.Json;

namespace Casework.WebConsole;

public sealed record DeadlineView(string Name, DateTimeOffset Due, bool Satisfied, bool Overdue);

public sealed record ReferralView(string Agency, DateTimeOffset MadeAt, bool Acknowledged);

/// <summary>The case view of GET /api/cases/{id}; a reporter's own report carries no status, people or actions.</summary>
public sealed record CaseView(
    Guid Id, string Kind, string Visibility, DateTimeOffset ReportedAt, Guid ReportedBy, JsonElement Report,
    string? Status, long? Version, IReadOnlyList<Guid>? Pupils, Guid? Subject, Guid? Parent, string? ManagedBy,
    IReadOnlyList<ReferralView>? Referrals, IReadOnlyList<DeadlineView>? Deadlines, IReadOnlyList<string> AllowedActions);

public sealed record TimelineEntry(long Position, string Type, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Guid? ActorId, IReadOnlyList<string>? ActorRoles, JsonElement Data);
