using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Cases;

/// <summary>
/// Who may see a case, asked of its row in SQL: the columns the case document carries (full_roles,
/// excluding_roles, excluded_user), as the kind's own Visibility decided when it was written.
/// </summary>
public static class CaseQueries
{
    /// <summary>Seen in full by the caller; parameters: the caller's role names, their id, their role names.</summary>
    public const string SeenInFullSql = "not (d.excluding_roles && ?) and d.excluded_user is distinct from ? and d.full_roles && ?";

    /// <summary>A <c>kind</c> filter names one of the four kinds, or is a 400 naming the field.</summary>
    public static void CheckKind(string? kind)
    {
        if (kind is not null && !Case.Kinds.Contains(kind))
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, $"kind is one of {string.Join(", ", Case.Kinds)}.", "kind");
        }
    }

    public static string[] RolesOf(Caller caller) => [.. caller.Actor.Roles.Select(RoleNames.Name)];

    /// <summary>The cases the caller sees in full: what a register lists.</summary>
    public static IQueryable<CaseRecord> SeenInFull(IQueryable<CaseRecord> query, Caller caller)
    {
        var roles = RolesOf(caller);
        return query.Where(r => r.MatchesSql(SeenInFullSql, roles, caller.User.Id, roles));
    }

    /// <summary>
    /// The cases whose every trace is hidden from the caller whatever roles they hold (Sight's exclusions, as the case
    /// documents' columns record them now): the allegations about them, and those the chair manages when they hold
    /// the headteacher role. Few for anyone; the audit routes leave them out in their queries, so neither a page nor
    /// its cursor shows that they exist.
    /// </summary>
    public static async Task<Guid[]> ExcludedAsync(IQuerySession session, Caller caller, CancellationToken ct)
    {
        var table = session.DocumentStore.Options.Schema.For<CaseRecord>();
        var excluded = await session.AdvancedSql.QueryAsync<Guid>(
            $"select d.id from {table} d where d.tenant_id = ? and (d.excluded_user = ? or d.excluding_roles && ?)",
            ct, session.TenantId, caller.User.Id, RolesOf(caller));
        return [.. excluded];
    }

    /// <summary>
    /// The cases the caller sees in full, reported (a reporter sees their own report, no more) or has an open action on
    /// (they see that action): the case register.
    /// </summary>
    public static IQueryable<CaseRecord> Visible(IQueryable<CaseRecord> query, Caller caller)
    {
        var roles = RolesOf(caller);
        Guid[] me = [caller.User.Id];
        return query.Where(r => r.MatchesSql(
            "not (d.excluding_roles && ?) and d.excluded_user is distinct from ? and (d.full_roles && ? or d.reported_by = ? or d.assignees && ?)",
            roles, caller.User.Id, roles, caller.User.Id, me));
    }
}
