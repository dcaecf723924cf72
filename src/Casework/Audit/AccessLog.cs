using System.Diagnostics;
using Casework.Http;
using Npgsql;

namespace Casework.Audit;

/// <summary>
/// Records every read of case content (a case view, a timeline, a list that shows names): who, when,
/// what (the case id or list) and how. Written before the content is returned, so no read goes unrecorded.
/// </summary>
public sealed class AccessLog(NpgsqlDataSource dataSource)
{
    public static class How
    {
        public const string View = "view";
        public const string Timeline = "timeline";
        public const string Export = "export";
        public const string List = "list";

        /// <summary>An action answers with the case view: that is a read too.</summary>
        public const string Act = "act";
    }

    public Task RecordAsync(Caller caller, string what, string how, DateTimeOffset? asOf, CancellationToken ct) =>
        RecordAsync(caller, [what], how, asOf, ct);

    /// <summary>One row per thing read (a list records each case it showed), in one statement.</summary>
    public async Task RecordAsync(Caller caller, IReadOnlyList<string> whats, string how, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (whats.Count == 0)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(
            "insert into access_log (tenant_id, actor_id, actor_roles, what, how, as_of, trace_id) " +
            "select @tenant, @actor, @roles, what, @how, @asOf, @trace from unnest(@whats) with ordinality as w(what, n) order by n");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", caller.Tenant));
        command.Parameters.Add(new NpgsqlParameter<Guid>("actor", caller.User.Id));
        command.Parameters.Add(new NpgsqlParameter<string[]>("roles", [.. caller.User.Roles]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("whats", [.. whats]));
        command.Parameters.Add(new NpgsqlParameter<string>("how", how));
        command.Parameters.Add(new NpgsqlParameter("asOf", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)asOf?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("trace", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)Activity.Current?.TraceId.ToString() ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }
}
