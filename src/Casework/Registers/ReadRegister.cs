using Casework.Allegations;
using Casework.Audit;
using Casework.Cases;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Registers;

/// <summary>One page of a register, as the school knew it at <see cref="AsAt"/>; <see cref="Next"/> is the <c>after</c> of the next page.</summary>
public sealed record RegisterPage<TRow>(string Register, DateTimeOffset AsAt, IReadOnlyList<TRow> Items, Guid? Next);

/// <summary>
/// GET /api/registers/{name}: each register a route with its own typed rows, paged by case (<c>after</c>: the last
/// case id; a case gives one row, or one per referral, request or deadline), filterable by kind, and answered as
/// at a past instant with <c>asOf</c>. Only cases the reader sees in full are listed, by the rules of each kind
/// (a subject never sees a case about them; an allegation about the head never shows to the head; the LADO
/// liaison sees LADO-referred cases only); every case shown is an access-log row, since rows carry names.
/// </summary>
public static class ReadRegister
{
    public static void MapRegisters(this IEndpointRouteBuilder app)
    {
        app.MapRegister(CaseRegisters.DslQueueRegister);
        app.MapRegister(CaseRegisters.LadoReferralsRegister);
        app.MapRegister(CaseRegisters.PoliceReferralsRegister);
        app.MapRegister(CaseRegisters.SocialCareReferralsRegister);
        app.MapRegister(CaseRegisters.ContentRemovalsRegister);
        app.MapRegister(CaseRegisters.AllegationsRegister);
        app.MapRegister(CaseRegisters.ParentBreachesRegister);
        app.MapRegister(CaseRegisters.OverdueRegister);
        app.MapLowLevelConcerns();
    }

    private static void MapRegister<TRow>(this IEndpointRouteBuilder app, Register<TRow> register) =>
        app.MapGet("/api/registers/" + register.Name, async Task<IResult> (
                string? kind, Guid? after, int? limit, DateTimeOffset? asOf, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Authorised(http, register.Readers);
                var take = Paging.Limit(limit);
                CaseQueries.CheckKind(kind);
                var now = cases.Now;
                var at = AsAt(asOf, now);
                await using var session = cases.Session(caller);

                var records = asOf is null
                    ? await Live(session, caller, register, kind, after, take + 1, at, ct)
                    : Past(await cases.AllAsOfAsync(session, at, ct), caller, register, kind, after, take + 1, at);
                var page = records.Take(take).ToList();
                var context = await ContextAsync(session, caller, page.SelectMany(r => r.People()), asOf, at, ct);
                var rows = page.SelectMany(r => register.Rows(r, context)).ToList();

                AccessLog.Record(session, caller, page.Select(r => $"case/{r.Id}"), AccessLog.How.Register(register.Name), asOf, now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new RegisterPage<TRow>(register.Name, at, rows, records.Count > take ? page[^1].Id : null));
            })
            .Describe<TRow>(register.Name, register.Summary + " `kind` filters by case kind;");

    private static void MapLowLevelConcerns(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/registers/" + CaseRegisters.LowLevelConcerns, async Task<IResult> (
                Guid? after, int? limit, DateTimeOffset? asOf, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Authorised(http, CaseRegisters.LowLevelConcernReaders);
                var take = Paging.Limit(limit);
                var now = cases.Now;
                var at = AsAt(asOf, now);
                await using var session = cases.Session(caller);

                // A page is up to `limit` members of staff, each with every concern about them the reader may see.
                var records = asOf is null
                    ? await LiveConcerns(session, caller, after, take + 1, ct)
                    : [.. (await cases.AllAsOfAsync(session, at, ct))
                        .Where(r => r.Registers.Contains(CaseRegisters.LowLevelConcerns) && SeenInFull(r, caller) && (after is null || Subject(r).CompareTo(after.Value) > 0))];
                var staff = records.Select(Subject).Distinct().Order().ToList();
                var shown = staff.Take(take).ToHashSet();
                var page = records.Where(r => shown.Contains(Subject(r))).ToList();
                var context = await ContextAsync(session, caller, shown, asOf, at, ct);
                var rows = page.GroupBy(Subject).OrderBy(g => g.Key).Select(g => CaseRegisters.Pattern(g.Key, g, context)).ToList();

                AccessLog.Record(session, caller, page.Select(r => $"case/{r.Id}"), AccessLog.How.Register(CaseRegisters.LowLevelConcerns), asOf, now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new RegisterPage<StaffConcernPattern>(CaseRegisters.LowLevelConcerns, at, rows, staff.Count > take ? staff[take - 1] : null));
            })
            .Describe<StaffConcernPattern>(CaseRegisters.LowLevelConcerns, CaseRegisters.LowLevelConcernsSummary);

    private static void Describe<TRow>(this RouteHandlerBuilder route, string name, string summary) => route
        .WithName("register-" + name)
        .WithTags("Registers")
        .WithSummary(summary + " `asOf` answers as the school knew it then.")
        .Produces<RegisterPage<TRow>>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    // The rows of a register come from the inline case documents: its tag (or an overdue deadline), the reader's
    // sight of each case, keyset paging on the register's order. The columns are those CaseRecord duplicates.
    private static async Task<IReadOnlyList<CaseRecord>> Live<TRow>(
        IQuerySession session, Caller caller, Register<TRow> register, string? kind, Guid? after, int take, DateTimeOffset now, CancellationToken ct)
    {
        var query = CaseQueries.SeenInFull(session.Query<CaseRecord>(), caller);
        query = register.ByDeadline
            ? query.Where(r => r.MatchesSql("d.next_deadline <= ?", now))
            : query.Where(r => r.MatchesSql("d.registers @> ?", (object)new[] { register.Name }));
        if (kind is not null)
        {
            query = query.Where(r => r.Kind == kind);
        }
        var table = session.DocumentStore.Options.Schema.For<CaseRecord>();
        var order = register.ByDeadline ? "next_deadline" : "reported_at";
        if (after is { } last)
        {
            query = query.Where(r => r.MatchesSql($"(d.{order}, d.id) > (select a.{order}, a.id from {table} a where a.id = ? and a.tenant_id = d.tenant_id)", last));
        }
        var ordered = register.ByDeadline ? query.OrderBy(r => r.NextDeadline) : query.OrderBy(r => r.ReportedAt);
        return await ordered.ThenBy(r => r.Id).Take(take).ToListAsync(ct);
    }

    // The same selection over the cases as they were at a past instant, by the same rules of sight.
    private static List<CaseRecord> Past<TRow>(
        IEnumerable<CaseRecord> all, Caller caller, Register<TRow> register, string? kind, Guid? after, int take, DateTimeOffset at)
    {
        var listed = all.Where(r => SeenInFull(r, caller) && (kind is null || r.Kind == kind)
            && (register.ByDeadline ? r.NextDeadline <= at : r.Registers.Contains(register.Name)));
        var ordered = (register.ByDeadline ? listed.OrderBy(r => r.NextDeadline) : listed.OrderBy(r => r.ReportedAt)).ThenBy(r => r.Id).ToList();
        var start = after is { } last ? ordered.FindIndex(r => r.Id == last) + 1 : 0;
        return after is not null && start == 0 ? [] : [.. ordered.Skip(start).Take(take)];
    }

    private static async Task<IReadOnlyList<CaseRecord>> LiveConcerns(IQuerySession session, Caller caller, Guid? after, int take, CancellationToken ct)
    {
        var table = session.DocumentStore.Options.Schema.For<CaseRecord>();
        var roles = CaseQueries.RoleNames(caller);
        // The first `take` members of staff with a concern the reader may see, then every such concern about them.
        var staff = await session.AdvancedSql.QueryAsync<Guid>(
            $"select distinct d.excluded_user from {table} d where d.tenant_id = ? and d.registers @> ? and {CaseQueries.SeenInFullSql} and d.excluded_user > ? order by 1 limit ?",
            ct, session.TenantId, new[] { CaseRegisters.LowLevelConcerns }, roles, caller.User.Id, roles, after ?? Guid.Empty, take);
        if (staff.Count == 0)
        {
            return [];
        }
        var ids = staff.ToArray();
        return await CaseQueries.SeenInFull(session.Query<CaseRecord>(), caller)
            .Where(r => r.MatchesSql("d.registers @> ? and d.excluded_user = any(?)", new[] { CaseRegisters.LowLevelConcerns }, ids))
            .ToListAsync(ct);
    }

    private static Guid Subject(CaseRecord record) => ((AllegationCase)record.Case).State.SubjectId;

    private static bool SeenInFull(CaseRecord record, Caller caller) => record.Case.Visibility(caller.Actor) == CaseVisibility.Full;

    private static async Task<RowContext> ContextAsync(
        IQuerySession session, Caller caller, IEnumerable<Guid> people, DateTimeOffset? asOf, DateTimeOffset at, CancellationToken ct)
    {
        var known = await CaseService.PeopleAsync(session, people, asOf, ct);
        return new RowContext(known.Where(p => p.Name is not null).ToDictionary(p => p.Id, p => p.Name!), at, caller.Actor);
    }

    private static Caller Authorised(HttpContext http, IReadOnlySet<Role> readers)
    {
        var caller = Caller.From(http);
        return caller.Actor.Roles.Overlaps(readers)
            ? caller
            : throw new NotPermitted("ROLES", $"This register is for {string.Join(", ", readers.Select(CaseRecord.RoleName))}.");
    }

    private static DateTimeOffset AsAt(DateTimeOffset? asOf, DateTimeOffset now) =>
        asOf is { } at && at > now
            ? throw new CallerRefused(StatusCodes.Status400BadRequest, "asOf cannot be in the future.", "asOf")
            : asOf ?? now;
}
