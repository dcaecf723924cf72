using Casework.Cases;
using Casework.Http;

namespace Casework.Audit;

/// <summary>
/// The auditor's routes (API.md): the audit trail, the access log and the replay. Auditors only; each answers
/// for the one school the caller chose (<see cref="Caller"/>: a token naming several schools picks one with
/// the tenant header), never across schools.
/// </summary>
public static class AuditRoutes
{
    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        audit.MapAuditTrail();
        audit.MapAccessLogRead();
        audit.MapReplay();
        audit.MapCheckpoint();
        audit.MapVerifyChain();
    }

    /// <summary>The caller, when an auditor; anyone else is refused (403) before anything is read.</summary>
    public static Caller Auditor(HttpContext http)
    {
        var caller = Caller.From(http);
        return caller.Actor.Has(Role.Auditor)
            ? caller
            : throw new NotPermitted("ROLES", "Only an auditor reads the audit trail and the access log, or replays the registers.");
    }

    /// <summary>A from/to pair where from, when both are given, is not after to.</summary>
    public static void CheckPeriod(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from > to)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, "from must not be after to.", "from");
        }
    }
}
