using Casework.Cases;
using JasperFx;
using Marten;
using Marten.Linq.MatchesSql;
using Wolverine;
using Wolverine.Attributes;

namespace Casework.Allegations;

/// <summary>
/// R4, routing follows the directory (ADR 14): the directory made <see cref="PersonId"/> the headteacher, or stopped
/// them being it, in <see cref="TenantId"/>. Sent through Wolverine's outbox in the directory change's own transaction
/// and handled afterwards on a durable local queue, so the administrator's request never writes into a case stream
/// and its answer and latency are the same whether or not any case is about that person.
/// </summary>
public sealed record RouteAllegationsAbout(string TenantId, Guid PersonId);

/// <summary>Who records what no person did: the re-routing of allegations after a directory change, a missed deadline.</summary>
public static class SystemActor
{
    /// <summary>Never a directory person's id nor a signed-in user's (tokens carry the IdP's subject ids).</summary>
    public static readonly Guid Id = Guid.Parse("5e1f0000-0000-4000-8000-0000000000d1");

    /// <summary>The role header its events carry, so the audit trail says a rule of the system did it.</summary>
    public const string Role = "system";

    /// <summary>
    /// The session of a message handled for <paramref name="tenant"/> (opened by Wolverine in the message's tenant, never
    /// another's), stamped so that the events it appends carry the system as their actor, and <paramref name="client"/>.
    /// </summary>
    public static void Stamp(IDocumentSession session, string tenant, string client)
    {
        if (session.TenantId != tenant)
        {
            throw new InvalidOperationException("A message was opened in another school's session.");
        }
        session.LastModifiedBy = Id.ToString();
        session.SetHeader(EventHeaders.Roles, new[] { Role });
        session.SetHeader(EventHeaders.Client, client);
    }
}

/// <summary>
/// Moves each open allegation about the person to the case manager R4 now names, through the same append as every
/// action (<see cref="CaseEndpoints.AppendAsync"/>): the school's settings, sealing, deadlines and the alert that tells
/// the new case manager of the allegation all follow as they do for an action.
/// </summary>
public static class RouteAllegationsAboutHandler
{
    public const string Queue = "allegation-routing";

    // Wolverine opens the session in the message's tenant (sent with it as DeliveryOptions.TenantId) and enrolls it in
    // its outbox; it commits after the handler. A case's own command may commit between the load and the append: the
    // whole message is decided again, on the newer case, by Wolverine's retry (R14 makes a repeat record nothing).
    [RetryNow(typeof(ConcurrencyException), 50, 100, 250, 500, 1000)]
    public static async Task Handle(RouteAllegationsAbout message, IDocumentSession session, IMessageContext bus, CaseService cases, CancellationToken ct)
    {
        if (message.PersonId == Guid.Empty)
        {
            return;
        }
        SystemActor.Stamp(session, message.TenantId, "directory");
        // A request of its own, not the directory change's: sharing its correlation id would tie the admin's change to the case.
        session.CorrelationId = Guid.NewGuid().ToString("N");

        var open = await session.Query<CaseRecord>()
            .Where(r => r.MatchesSql("d.kind = ? and d.status = ? and d.excluded_user = ?", "allegation", "open", message.PersonId))
            .Select(r => r.Id)
            .ToListAsync(ct);
        foreach (var id in open)
        {
            var (stream, context, _, dataKey) = await CaseEndpoints.LoadForActionAsync(session, id, null, [message.PersonId], ct);
            if (stream.Aggregate is { Case: AllegationCase } record)
            {
                await CaseEndpoints.AppendAsync(session, stream, record, context, cases.Now, cases.Keys.ForAppend(session, id, dataKey, record), bus, cases.AlertSettings,
                    (under, routed) => under is AllegationCase allegation ? Allegation.Reroute(allegation.State, routed) : [], ct);
            }
        }
    }
}
