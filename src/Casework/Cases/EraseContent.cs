using Casework.Audit;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Cases;

/// <summary>
/// What an erasure records from the store beside its decision (ADR 34), for R8 and for a retention review alike: the
/// earlier copies whose recipients must be told (UK GDPR Art. 19), and the events stored before content was sealed,
/// whose words the deleted key never held and which stay readable (ADR 28).
/// </summary>
public static class EraseContent
{
    /// <summary>The decided events with their <see cref="ContentErased"/> completed from the store; the others as they are.</summary>
    public static async Task<IReadOnlyList<object>> RecordedAsync(IQuerySession session, Guid caseId, IReadOnlyList<object> decided, CancellationToken ct)
    {
        if (decided.OfType<ContentErased>().FirstOrDefault() is not { } erasure)
        {
            return decided;
        }
        var events = await session.Events.FetchStreamAsync(caseId, token: ct);
        var exports = await session.Query<AccessRead>()
            .Where(r => r.How == AccessLog.How.Export && r.MatchesSql("d.cases @> ?", new[] { caseId }))
            .ToListAsync(ct);
        // Every export the access log records (ADR 19), and every share recorded by hand (a timeline-shared event without a
        // format: an export's own event repeats its log row).
        ValueList<EarlierCopy> copies = [.. exports.Select(r => new EarlierCopy(r.ActorId, r.ReadAt, CopyKind.Export))
            .Concat(events.Where(e => e.Data is TimelineShared { Format: null })
                .Select(e => new EarlierCopy(TimelineEntry.ActorOf(e) ?? Guid.Empty, e.Timestamp, CopyKind.Share)))
            .OrderBy(c => c.At)];
        ValueList<long> plain = [.. events.Where(e => HoldsPlainContent(e.Data)).Select(e => e.Version)];
        var completed = erasure with { EarlierCopies = copies, PlainEvents = plain.Count == 0 ? null : plain };
        return [.. decided.Select(e => ReferenceEquals(e, erasure) ? completed : e)];
    }

    private static bool HoldsPlainContent(object @event)
    {
        var plain = false;
        PersonalContent.Map(@event, text =>
        {
            plain |= text.Length > 0 && !ContentCipher.IsSealed(text);
            return text;
        });
        return plain;
    }
}
