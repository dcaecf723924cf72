using Casework.Audit;
using Casework.Cases;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Allegations;

/// <summary>
/// R8, KCSIE Part 4: the case manager erases a false or malicious allegation whose subject did not consent to keeping
/// it, by deleting the case's data key (ADR 34). Erasure cannot be undone, so the subject is asked first: it is decided
/// once they declined, or once <see cref="ConsentWindow"/> has passed since the outcome without their consent.
/// <see cref="EarlierCopies"/> are the exports and shares of the case made before, found by the pipeline as it erases.
/// </summary>
public sealed record EraseAllegation(Actor Actor, DateTimeOffset Now, Guid DecisionId, ValueList<EarlierCopy>? EarlierCopies = null) : ICaseCommand
{
    /// <summary>How long the subject has to answer whether a false or malicious allegation may be kept, from its outcome.</summary>
    public static readonly TimeSpan ConsentWindow = TimeSpan.FromDays(28);

    public CaseAction Action => CaseAction.EraseContent;

    /// <summary>Erase the allegation's content for good: <c>confirm</c> must be true, as nothing can bring it back.</summary>
    public sealed record Request(bool? Confirm) : ICaseRequest
    {
        public static Request Example { get; } = new(true);

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => Confirm == true
            ? new EraseAllegation(actor, now, Guid.CreateVersion7(now))
            : throw new CallerRefused(StatusCodes.Status400BadRequest, "Erasure cannot be undone: send confirm: true to erase.", "confirm");
    }

    internal static Refusal? Check(Allegation.State state, DateTimeOffset now) =>
        state.Outcome is not (AllegationOutcome.False or AllegationOutcome.Malicious)
            ? Refusal.Broken("R8", "Only an allegation found false or malicious is erased.")
        : state.SubjectConsentToKeep
            ? Refusal.Broken("R8", "The subject consented to keeping the details of this allegation: it is kept.")
        : !state.SubjectDeclinedToKeep && (state.OutcomeAt is not { } outcomeAt || now < outcomeAt + ConsentWindow)
            ? Refusal.Broken("R8", $"Ask the subject whether the details may be kept first: erasure cannot be undone. It may be decided once they decline, " +
                $"or {ConsentWindow.Days} days after the outcome was recorded" + (state.OutcomeAt is { } at ? $" (from {(at + ConsentWindow):yyyy-MM-dd HH:mm} UTC)" : "") +
                " without their consent.")
        : null;

    internal IReadOnlyList<object> Decide() =>
        [new ContentErased(DecisionId, ErasureReason.FalseOrMaliciousAllegation, Actor.Id, Now, EarlierCopies ?? [])];

    /// <summary>
    /// The earlier copies of a case's content (UK GDPR Art. 19): every export the access log records (ADR 19), and every
    /// share recorded by hand (a timeline-shared event without a format: an export's own event repeats its log row).
    /// </summary>
    public static async Task<ValueList<EarlierCopy>> EarlierCopiesAsync(IQuerySession session, Guid caseId, CancellationToken ct)
    {
        var exports = await session.Query<AccessRead>()
            .Where(r => r.How == AccessLog.How.Export && r.MatchesSql("d.cases @> ?", new[] { caseId }))
            .ToListAsync(ct);
        var shares = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == caseId && e.EventTypeName == "timeline-shared")
            .ToListAsync(ct);
        return [.. exports.Select(r => new EarlierCopy(r.ActorId, r.ReadAt, CopyKind.Export))
            .Concat(shares.Where(e => e.Data is TimelineShared { Format: null })
                .Select(e => new EarlierCopy(TimelineEntry.ActorOf(e) ?? Guid.Empty, e.Timestamp, CopyKind.Share)))
            .OrderBy(c => c.At)];
    }
}
