using Casework.Cases;
using JasperFx;
using Marten;
using Marten.Linq.MatchesSql;
using Wolverine.Attributes;

namespace Casework.Allegations;

/// <summary>
/// R4, routing follows the directory (ADR 14): the directory made <see cref="PersonId"/> the headteacher, or stopped
/// them being it, in <see cref="TenantId"/>. Sent through Wolverine's outbox in the directory change's own transaction
/// and handled afterwards on a durable local queue, so the administrator's request never writes into a case stream
/// and its answer and latency are the same whether or not any case is about that person.
/// </summary>
public sealed record RouteAllegationsAbout(string TenantId, Guid PersonId);

/// <summary>Who records what no person did: the re-routing of allegations after a directory change.</summary>
public static class SystemActor
{
    /// <summary>Never a directory person's id nor a signed-in user's (tokens carry the IdP's subject ids).</summary>
    public static readonly Guid Id = Guid.Parse("5e1f0000-0000-4000-8000-0000000000d1");

    /// <summary>The role header its events carry, so the audit trail says a rule of the system did it.</summary>
    public const string Role = "system";
}

public static class RouteAllegationsAboutHandler
{
    public const string Queue = "allegation-routing";

    // A case's own command may commit between the load and the append: the whole message is decided again,
    // on the newer case, by Wolverine's retry (R14 makes a repeat record nothing).
    [RetryNow(typeof(ConcurrencyException), 50, 100, 250, 500, 1000)]
    public static async Task Handle(RouteAllegationsAbout message, IDocumentStore store, CancellationToken ct)
    {
        if (message.PersonId == Guid.Empty)
        {
            return;
        }
        await using var session = store.LightweightSession(message.TenantId);
        // A request of its own, not the directory change's: sharing its correlation id would tie the admin's change to the case.
        session.CorrelationId = Guid.NewGuid().ToString("N");
        session.LastModifiedBy = SystemActor.Id.ToString();
        session.SetHeader(EventHeaders.Roles, new[] { SystemActor.Role });
        session.SetHeader(EventHeaders.Client, "directory");

        var open = await session.Query<CaseRecord>()
            .Where(r => r.MatchesSql("d.kind = ? and d.status = ? and d.excluded_user = ?", "allegation", "open", message.PersonId))
            .Select(r => r.Id)
            .ToListAsync(ct);
        if (open.Count == 0)
        {
            return;
        }
        var context = await CaseService.ContextAsync(session, [message.PersonId], null, ct);
        foreach (var id in open)
        {
            var stream = await session.Events.FetchForWriting<CaseRecord>(id, ct);
            if (stream.Aggregate?.Case is AllegationCase allegation && Allegation.Reroute(allegation.State, context) is { Count: > 0 } events)
            {
                stream.AppendMany(events);
            }
        }
        await session.SaveChangesAsync(ct);
    }
}
