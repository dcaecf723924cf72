using Casework.Audit;
using Casework.Http;
using Npgsql;

namespace Casework.Cases;

/// <summary>One row of the case register as the caller may see it: a reporter's own report shows no status of others' work.</summary>
public sealed record CaseRegisterRow(
    Guid Id, string Kind, CaseVisibility Visibility, DateTimeOffset ReportedAt,
    string? Status, string? ManagedBy, IReadOnlyList<Guid>? Pupils, DateTimeOffset? NextDeadline, bool? Overdue, long? Version);

public sealed record CaseRegisterPage(IReadOnlyList<CaseRegisterRow> Items, Guid? Next);

/// <summary>GET /api/cases: the case register, filtered by kind, status, manager and overdue, paged by case id.</summary>
public static class ListCases
{
    public static void MapListCases(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/cases", async Task<IResult> (
                string? kind, string? status, string? managedBy, bool? overdue, Guid? after, int? limit,
                HttpContext http, NpgsqlDataSource dataSource, AccessLog accessLog, TimeProvider clock, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                if (kind is not null && CaseKind.Named(kind) is null)
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, $"kind is one of {string.Join(", ", CaseKind.All.Select(k => k.Name))}.", "kind");
                }
                if (managedBy is not null && !CaseKind.Managers.Contains(managedBy))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, $"managedBy is one of {string.Join(", ", CaseKind.Managers)}.", "managedBy");
                }
                if (status is not null and not ("open" or "closed"))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "status is open or closed.", "status");
                }
                var take = Paging.Limit(limit);
                var now = clock.GetUtcNow();
                var roles = caller.Actor.Roles.Select(CaseRegister.RoleName).ToArray();

                await using var command = dataSource.CreateCommand("""
                    select case_id, kind, full_roles && @roles as full, reported_at, status, managed_by, pupils, next_deadline, version
                    from case_register
                    where tenant_id = @tenant
                      and not (excluding_roles && @roles)
                      and excluded_user is distinct from @me
                      and (full_roles && @roles or reported_by = @me)
                      and (@kind::text is null or kind = @kind)
                      and (@status::text is null or (status = @status and full_roles && @roles))
                      and (@managedBy::text is null or (managed_by = @managedBy and full_roles && @roles))
                      and (@overdue::boolean is null or ((next_deadline < @now) = @overdue and full_roles && @roles))
                      and (@after::uuid is null or case_id > @after)
                    order by case_id
                    limit @take
                    """);
                command.Parameters.Add(new NpgsqlParameter<string>("tenant", caller.Tenant));
                command.Parameters.Add(new NpgsqlParameter<string[]>("roles", roles));
                command.Parameters.Add(new NpgsqlParameter<Guid>("me", caller.User.Id));
                command.Parameters.Add(Nullable("kind", kind));
                command.Parameters.Add(Nullable("status", status));
                command.Parameters.Add(Nullable("managedBy", managedBy));
                command.Parameters.Add(new NpgsqlParameter("overdue", NpgsqlTypes.NpgsqlDbType.Boolean) { Value = (object?)overdue ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter("after", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)after ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
                command.Parameters.Add(new NpgsqlParameter<int>("take", take + 1));

                var rows = new List<CaseRegisterRow>();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        var full = reader.GetBoolean(2);
                        var next = reader.IsDBNull(7) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(7);
                        rows.Add(full
                            ? new(reader.GetGuid(0), reader.GetString(1), CaseVisibility.Full, reader.GetFieldValue<DateTimeOffset>(3),
                                reader.GetString(4), reader.GetString(5), reader.GetFieldValue<Guid[]>(6), next, next < now, reader.GetInt64(8))
                            : new(reader.GetGuid(0), reader.GetString(1), CaseVisibility.OwnReport, reader.GetFieldValue<DateTimeOffset>(3),
                                null, null, null, null, null, null));
                    }
                }
                var page = rows.Take(take).ToList();
                await accessLog.RecordAsync(caller, [.. page.Select(r => $"case/{r.Id}")], AccessLog.How.List, null, ct);
                return TypedResults.Ok(new CaseRegisterPage(page, rows.Count > take ? rows[take - 1].Id : null));
            })
            .WithName("list-cases")
            .WithTags("Cases")
            .WithSummary("The case register: every case you may see, filterable by kind, status, manager (managedBy) and overdue; paged by `after` (the last id) and `limit`.")
            .Produces<CaseRegisterPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    private static NpgsqlParameter Nullable(string name, string? value) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
