using System.Diagnostics;
using Casework.Http;
using Marten;

namespace Casework.Audit;

/// <summary>One read of case content: who, when, what (the case id or list) and how. Append-only.</summary>
public sealed record AccessRead(Guid Id, Guid ActorId, IReadOnlyList<string> ActorRoles, DateTimeOffset ReadAt, string What, string How, DateTimeOffset? AsOf, string? TraceId);

/// <summary>
/// Records every read of case content (a case view, a timeline, a list that shows names) in the session of
/// the request, so the row commits with whatever else the request writes, before the content is returned.
/// </summary>
public static class AccessLog
{
    public static class How
    {
        public const string View = "view";
        public const string Timeline = "timeline";
        public const string Export = "export";
        public const string List = "list";
        public const string Chronology = "chronology";

        /// <summary>A register's rows name people: each case shown is a read.</summary>
        public static string Register(string name) => $"register:{name}";

        /// <summary>An action answers with the case view: that is a read too.</summary>
        public const string Act = "act";

        /// <summary>An auditor read the case's events in the audit trail.</summary>
        public const string AuditTrail = "audit-trail";

        /// <summary>An auditor read who had read the case, in the access log.</summary>
        public const string AccessLog = "access-log";
    }

    public const string CasePrefix = "case/";

    /// <summary>What a read of a case records as its <see cref="AccessRead.What"/>.</summary>
    public static string Case(Guid id) => CasePrefix + id;

    /// <summary>One row per thing read (a list records each case it showed).</summary>
    public static void Record(IDocumentSession session, Caller caller, IEnumerable<string> whats, string how, DateTimeOffset? asOf, DateTimeOffset now)
    {
        var trace = Activity.Current?.TraceId.ToString();
        foreach (var what in whats)
        {
            session.Insert(new AccessRead(Guid.CreateVersion7(now), caller.User.Id, [.. caller.User.Roles], now, what, how, asOf, trace));
        }
    }
}
