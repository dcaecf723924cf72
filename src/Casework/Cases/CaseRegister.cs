using Casework.Calendar;
using Casework.EventStore;
using NpgsqlTypes;

namespace Casework.Cases;

/// <summary>
/// The case register row of one case: kind, status, manager, next deadline, and who may see it. Who may
/// see it is asked of the kind's own Visibility function, once per role, when the row is written: the
/// roles that see it in full, and the roles that exclude an actor whatever else they hold (R4: a
/// headteacher when the chair manages). Identity rules travel as ids: the subject, the reporter.
/// </summary>
public sealed class CaseRegister(EventTypeMap types) : IStreamProjection
{
    public ProjectionTable Table { get; } = new("case_register", [
        new("tenant_id", NpgsqlDbType.Text), new("stream_id", NpgsqlDbType.Text), new("case_id", NpgsqlDbType.Uuid),
        new("kind", NpgsqlDbType.Text), new("status", NpgsqlDbType.Text), new("reported_at", NpgsqlDbType.TimestampTz),
        new("reported_by", NpgsqlDbType.Uuid), new("managed_by", NpgsqlDbType.Text), new("pupils", NpgsqlDbType.Array | NpgsqlDbType.Uuid),
        new("full_roles", NpgsqlDbType.Array | NpgsqlDbType.Text), new("excluding_roles", NpgsqlDbType.Array | NpgsqlDbType.Text),
        new("excluded_user", NpgsqlDbType.Uuid), new("next_deadline", NpgsqlDbType.TimestampTz), new("version", NpgsqlDbType.Bigint)]);

    public IEnumerable<object?[]> Project(IReadOnlyList<RecordedEvent> stream)
    {
        var kind = CaseKind.Named(stream[0].StreamType);
        if (kind is null)
        {
            yield break;
        }
        var state = kind.Decider.Fold(stream.Select(types.Deserialize));
        var file = kind.File(state);
        var parties = kind.Parties(state);
        var nextDeadline = kind.Deadlines(state, DeadlineSettings.Default, WorkingDayCalendar.EnglandAndWales)
            .Where(d => !d.Satisfied).Select(d => (DateTimeOffset?)d.Due).Min();

        yield return [
            stream[0].TenantId, stream[0].StreamId, CaseIdOf(kind, stream[0].StreamId), kind.Name, file.Closed ? "closed" : "open",
            file.ReportedAt.ToUniversalTime(), file.ReportedBy, parties.ManagedBy, parties.Pupils.ToArray(),
            Roles(role => kind.Visibility(state, Probe(role)) == CaseVisibility.Full),
            Roles(role => kind.Visibility(state, Probe(role, Role.Auditor)) == CaseVisibility.None),
            parties.Subject, nextDeadline?.ToUniversalTime(), stream[^1].StreamPosition];
    }

    public static string RoleName(Role role) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(role.ToString());

    private static Guid CaseIdOf(CaseKind kind, string streamId) => Guid.Parse(streamId[(kind.Name.Length + 1)..]);

    // A stranger holding only these roles: identity plays no part in the answer.
    private static readonly Guid Stranger = Guid.Parse("ffffffff-ffff-4fff-bfff-ffffffffffff");

    private static Actor Probe(params Role[] roles) => new(Stranger, roles.ToHashSet());

    private static string[] Roles(Func<Role, bool> holds) => [.. Enum.GetValues<Role>().Where(holds).Select(RoleName)];
}
