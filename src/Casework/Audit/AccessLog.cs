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
    }

    public async Task RecordAsync(Caller caller, string what, string how, DateTimeOffset? asOf, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "insert into access_log (tenant_id, actor_id, actor_roles, what, how, as_of, trace_id) " +
            "values (@tenant, @actor, @roles, @what, @how, @asOf, @trace)");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", caller.Tenant));
        command.Parameters.Add(new NpgsqlParameter<Guid>("actor", caller.User.Id));
        command.Parameters.Add(new NpgsqlParameter<string[]>("roles", [.. caller.User.Roles]));
        command.Parameters.Add(new NpgsqlParameter<string>("what", what));
        command.Parameters.Add(new NpgsqlParameter<string>("how", how));
        command.Parameters.Add(new NpgsqlParameter("asOf", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)asOf?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("trace", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)Activity.Current?.TraceId.ToString() ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }
}
