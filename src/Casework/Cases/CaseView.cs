using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Casework.Http;
using JasperFx.Events;

namespace Casework.Cases;

/// <summary>A deadline as a screen shows it; <c>url</c> names the item of content of a content-removal deadline.</summary>
public sealed record DeadlineView(
    string Name, DateTimeOffset Due, bool Satisfied, bool Overdue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null);

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
    public static CaseView Of(LoadedCase loaded, Actor actor, DateTimeOffset now)
    {
        var (record, visibility, context) = loaded;
        var file = record.Case.File;
        if (visibility != CaseVisibility.Full)
        {
            return new(record.Id, record.Kind, visibility, file.ReportedAt, file.ReportedBy, record.Report,
                null, null, null, null, null, null, null, null, []);
        }

        var parties = record.Case.Parties;
        return new(record.Id, record.Kind, visibility, file.ReportedAt, file.ReportedBy, record.Report,
            record.Status,
            record.Version,
            parties.Pupils,
            parties.Subject,
            parties.Parent,
            parties.ManagedBy,
            [.. file.Referrals.OrderBy(r => r.Value.MadeAt).Select(r => new ReferralView(r.Key, r.Value.MadeAt, r.Value.Acknowledged))],
            [.. record.Case.Deadlines(context.Deadlines, context.Calendar).Select(d => new DeadlineView(d.Name, d.Due, d.Satisfied, d.IsOverdue(now), d.Url))],
            record.Case.AllowedActions(actor, context, now));
    }
}
