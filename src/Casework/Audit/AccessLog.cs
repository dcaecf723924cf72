using System.Diagnostics;
using Casework.Http;
using Marten;

namespace Casework.Audit;

/// <summary>
/// One request that showed case content: who, with which roles, when, how, as at which instant, the request's
/// trace, and every case it showed (a register page names each case on it). Append-only.
/// </summary>
public sealed record AccessRead(Guid Id, Guid ActorId, IReadOnlyList<string> ActorRoles, DateTimeOffset ReadAt, string How,
    DateTimeOffset? AsOf, string? TraceId, Guid[] Cases);

/// <summary>
/// Records every read of case content (a case view, a timeline, a list that shows names) in the session of
/// the request, so the row commits with whatever else the request writes, before the content is returned.
/// An action is not recorded here: its events name who acted, when and with which roles (<see cref="ReadAccessLog.WhoSawCaseAsync"/>).
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

        /// <summary>The alerts sent for a case (ADR 37).</summary>
        public const string Alerts = "alerts";

        /// <summary>A register's rows name people: a page is a read of every case on it.</summary>
        public static string Register(string name) => $"register:{name}";

        /// <summary>
        /// An action answers with the case view. The access log shows each event of a case as an <c>act</c> entry;
        /// a row is recorded only when a retried action's first answer is given again, which appends no event.
        /// </summary>
        public const string Act = "act";

        /// <summary>An auditor read the case's events in the audit trail.</summary>
        public const string AuditTrail = "audit-trail";

        /// <summary>An auditor read who had read the case, in the access log.</summary>
        public const string AccessLog = "access-log";
    }

    /// <summary>The document alias: the table is mt_doc_case_reads (the old one-row-per-case table, mt_doc_access_log, is ADR 19's to copy).</summary>
    public const string Table = "case_reads";

    public const string CasePrefix = "case/";

    /// <summary>What an access-log entry about one case says it read.</summary>
    public static string Case(Guid id) => CasePrefix + id;

    /// <summary>One row for the request, naming every case it showed; none when it showed none.</summary>
    public static void Record(IDocumentSession session, Caller caller, IEnumerable<Guid> cases, string how, DateTimeOffset? asOf, DateTimeOffset now)
    {
        Guid[] shown = [.. cases.Distinct()];
        if (shown.Length > 0)
        {
            session.Insert(new AccessRead(Guid.CreateVersion7(now), caller.User.Id, [.. caller.User.Roles], now, how, asOf,
                Activity.Current?.TraceId.ToString(), shown));
        }
    }
}
