using Casework.Allegations;
using Casework.Audit;
using Casework.Cases;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Registers;

/// <summary>One page of a register, as the school knew it at <see cref="AsAt"/>; <see cref="Next"/> is the <c>after</c> of the next page.</summary>
public sealed record RegisterPage<TRow>(string Register, DateTimeOffset AsAt, IReadOnlyList<TRow> Items, string? Next);

/// <summary>
/// GET /api/registers/{name}: each register a route with its own typed rows, paged by case (<c>after</c>: the
/// opaque <c>next</c> of the previous page, carrying the last case's sort key; a case gives one row, or one per
/// referral, request or deadline), filterable by kind, and answered as at a past instant with <c>asOf</c>. Only
/// cases the reader sees in full are listed, by the one sight rule (<see cref="Sight"/>: a subject never sees a
/// case about them; an allegation about the head never shows to the head; the LADO liaison sees LADO-referred
/// cases only), decided from what is true now whatever the instant read. A record withheld under R8 is listed only
/// by the allegations register, as withheld; every case shown is an access-log row, since rows carry names.
/// </summary>
public static class ReadRegister
{
    /// <summary>A register the caller may read: its name (its route's last segment) and what it lists.</summary>
    public sealed record ReadableRegister(string Name, string Summary);

    public static void MapRegisters(this IEndpointRouteBuilder app)
    {
        // Each register with who may read it, in one list: its route, and GET /api/registers, which names those the caller may read.
        (string Name, string Summary, IReadOnlySet<Role> Readers)[] registers =
        [
            app.MapRegister(CaseRegisters.DslQueueRegister),
            app.MapRegister(CaseRegisters.OverdueRegister),
            app.MapRegister(CaseRegisters.SocialCareReferralsRegister),
            app.MapRegister(CaseRegisters.AwaitingAcknowledgementRegister),
            app.MapRegister(CaseRegisters.PoliceReferralsRegister),
            app.MapRegister(CaseRegisters.LadoReferralsRegister),
            app.MapRegister(CaseRegisters.ContentRemovalsRegister),
            app.MapRegister(CaseRegisters.AllegationsRegister),
            app.MapLowLevelConcerns(),
            app.MapRegister(CaseRegisters.ParentBreachesRegister),
            app.MapRegister(CaseRegisters.RetentionRegister),
        ];
        app.MapGet("/api/registers", (HttpContext http) =>
            {
                var roles = Caller.From(http).Actor.Roles;
                return TypedResults.Ok(registers.Where(r => roles.Overlaps(r.Readers)).Select(r => new ReadableRegister(r.Name, r.Summary)).ToList());
            })
            .WithName("list-registers")
            .WithTags("Registers")
            .WithSummary("The registers you may read, by your roles: each one's name (GET /api/registers/{name}) and what it lists. Names no case.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static (string, string, IReadOnlySet<Role>) MapRegister<TRow>(this IEndpointRouteBuilder app, Register<TRow> register)
    {
        app.MapGet("/api/registers/" + register.Name, async Task<IResult> (
                string? kind, string? after, int? limit, DateTimeOffset? asOf, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Authorised(http, register.Readers);
                var take = Paging.Limit(limit);
                CaseQueries.CheckKind(kind);
                var from = PageCursor.Parse(after);
                var now = cases.Now;
                var at = AsOf.At(asOf, now);
                await using var session = cases.Session(caller);

                var records = asOf is null
                    ? await Live(session, caller, register, kind, from, take + 1, at, ct)
                    : Past(await PastAsync(session, cases, at, ct), caller, register, kind, from, take + 1, at);
                var page = records.Take(take).ToList();
                var context = await ContextAsync(session, caller, page.Where(r => !r.Withheld).SelectMany(r => r.Record.People), asOf, at, ct);
                // Rows that carry a case's content show it opened (ADR 28), never for a withheld record (R8).
                var content = register.ShowsContent ? await cases.Keys.ForCasesAsync(session, page.Where(r => !r.Withheld).Select(r => r.Record.Id), ct) : null;
                var rows = page.SelectMany(r => register.Rows(content is null || r.Withheld ? r.Record : content[r.Record.Id].Opened(r.Record),
                    context with { Withheld = r.Withheld })).ToList();

                AccessLog.Record(session, caller, page.Select(r => r.Record.Id), AccessLog.How.Register(register.Name), asOf, now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new RegisterPage<TRow>(register.Name, at, rows,
                    records.Count > take ? PageCursor.After(SortKey(register, page[^1].Record), page[^1].Record.Id).ToString() : null));
            })
            .Describe<TRow>(register.Name, register.Summary + " `kind` filters by case kind;");
        return (register.Name, register.Summary, register.Readers);
    }

    private static (string, string, IReadOnlySet<Role>) MapLowLevelConcerns(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/registers/" + CaseRegisters.LowLevelConcerns, async Task<IResult> (
                string? after, int? limit, DateTimeOffset? asOf, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Authorised(http, CaseRegisters.LowLevelConcernReaders);
                var take = Paging.Limit(limit);
                var from = PageCursor.Parse(after);
                var now = cases.Now;
                var at = AsOf.At(asOf, now);
                await using var session = cases.Session(caller);

                // A page is up to `limit` members of staff, each with every concern about them the reader may see. A record
                // withheld under R8 is in no member of staff's pattern, nor in its count.
                var records = asOf is null
                    ? await LiveConcerns(session, caller, from?.Id, take + 1, ct)
                    : [.. (await PastAsync(session, cases, at, ct))
                        .Where(c => c.Then.Registers.Contains(CaseRegisters.LowLevelConcerns) && !c.Now.Withheld && Sight.InFull(c.Now, c.Then, caller.Actor)
                            && (from is null || Subject(c.Then).CompareTo(from.Value.Id) > 0))
                        .Select(c => c.Then)];
                var staff = records.Select(Subject).Distinct().Order().ToList();
                var shown = staff.Take(take).ToHashSet();
                var page = records.Where(r => shown.Contains(Subject(r))).ToList();
                var context = await ContextAsync(session, caller, shown, asOf, at, ct);
                var content = await cases.Keys.ForCasesAsync(session, page.Select(r => r.Id), ct);
                page = [.. page.Select(r => content[r.Id].Opened(r))];
                var rows = page.GroupBy(Subject).OrderBy(g => g.Key).Select(g => CaseRegisters.Pattern(g.Key, g, context)).ToList();

                AccessLog.Record(session, caller, page.Select(r => r.Id), AccessLog.How.Register(CaseRegisters.LowLevelConcerns), asOf, now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new RegisterPage<StaffConcernPattern>(CaseRegisters.LowLevelConcerns, at, rows,
                    staff.Count > take ? PageCursor.After(staff[take - 1]).ToString() : null));
            })
            .Describe<StaffConcernPattern>(CaseRegisters.LowLevelConcerns, CaseRegisters.LowLevelConcernsSummary);
        return (CaseRegisters.LowLevelConcerns, CaseRegisters.LowLevelConcernsSummary, CaseRegisters.LowLevelConcernReaders);
    }

    private static void Describe<TRow>(this RouteHandlerBuilder route, string name, string summary) => route
        .WithName("register-" + name)
        .WithTags("Registers")
        .WithSummary(summary + " `asOf` answers as the school knew it then.")
        .Produces<RegisterPage<TRow>>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>A case a page lists, and whether its details are withheld (R8: decided from the case as it is now).</summary>
    private sealed record Listed(CaseRecord Record, bool Withheld);

    // The rows of a register come from the inline case documents: its tag (or an overdue deadline), the reader's
    // sight of each case, keyset paging on the register's order from the cursor's sort key (never looked up).
    // The columns are those CaseRecord duplicates.
    private static async Task<IReadOnlyList<Listed>> Live<TRow>(
        IQuerySession session, Caller caller, Register<TRow> register, string? kind, PageCursor? from, int take, DateTimeOffset now, CancellationToken ct) =>
        [.. (await LiveQuery(session, caller, register, kind, from, take, now).ToListAsync(ct)).Select(r => new Listed(r, r.Withheld))];

    /// <summary>A page of a register as its route asks for it (its plan is in docs/benchmarks.md: one range scan of the register's own index).</summary>
    internal static IQueryable<CaseRecord> LiveQuery<TRow>(
        IQuerySession session, Caller caller, Register<TRow> register, string? kind, PageCursor? from, int take, DateTimeOffset now)
    {
        var query = CaseQueries.SeenInFull(session.Query<CaseRecord>(), caller);
        query = register.ByDeadline
            ? query.Where(r => r.MatchesSql("d.next_deadline <= ?", now))
            : query.Where(r => r.MatchesSql("d." + CaseRegisters.ListedIn(register.Name)));
        if (!register.ListsWithheld)
        {
            query = query.Where(r => !r.Withheld);
        }
        if (kind is not null)
        {
            query = query.Where(r => r.Kind == kind);
        }
        var order = register.ByDeadline ? "next_deadline" : "reported_at";
        if (from is { } cursor)
        {
            query = query.Where(r => r.MatchesSql($"(d.{order}, d.id) > (?, ?)", cursor.Key, cursor.Id));
        }
        var ordered = register.ByDeadline ? query.OrderBy(r => r.NextDeadline) : query.OrderBy(r => r.ReportedAt);
        return ordered.ThenBy(r => r.Id).Take(take);
    }

    // The same selection over the cases as they were at a past instant, by the same rule of sight.
    private static List<Listed> Past<TRow>(
        IEnumerable<(CaseRecord Now, CaseRecord Then)> all, Caller caller, Register<TRow> register, string? kind, PageCursor? from, int take, DateTimeOffset at) =>
    [
        .. all.Where(c => Sight.InFull(c.Now, c.Then, caller.Actor) && (register.ListsWithheld || !c.Now.Withheld)
                && (kind is null || c.Then.Kind == kind)
                && (register.ByDeadline ? c.Then.NextDeadline <= at : c.Then.Registers.Contains(register.Name)))
            .Select(c => new Listed(c.Then, c.Now.Withheld))
            .Where(c => from is not { } cursor || cursor.Precedes(SortKey(register, c.Record), c.Record.Id))
            .OrderBy(c => PageCursor.After(SortKey(register, c.Record), c.Record.Id))
            .Take(take),
    ];

    private static DateTimeOffset SortKey<TRow>(Register<TRow> register, CaseRecord record) =>
        register.ByDeadline ? record.NextDeadline!.Value : record.ReportedAt;

    // Every case as it was at a past instant, beside the case as it is now: sight and withholding are decided from now.
    private static async Task<IReadOnlyList<(CaseRecord Now, CaseRecord Then)>> PastAsync(
        IDocumentSession session, CaseService cases, DateTimeOffset at, CancellationToken ct)
    {
        var then = await cases.AllAsOfAsync(session, at, ct);
        var now = (await session.LoadManyAsync<CaseRecord>(ct, then.Select(r => r.Id))).ToDictionary(r => r.Id);
        return [.. then.Where(r => now.ContainsKey(r.Id)).Select(r => (now[r.Id], r))];
    }

    private static readonly string ListedAsLowLevelConcern = CaseRegisters.ListedIn(CaseRegisters.LowLevelConcerns);

    /// <summary>The members of staff of a page of the low-level concerns register; parameters: tenant, the sight rule's, after, limit.</summary>
    internal static string StaffWithConcernsSql(object table) =>
        $"select distinct d.excluded_user from {table} d where d.tenant_id = ? and d.{ListedAsLowLevelConcern} and not d.withheld and {CaseQueries.SeenInFullSql} and d.excluded_user > ? order by 1 limit ?";

    private static async Task<IReadOnlyList<CaseRecord>> LiveConcerns(IQuerySession session, Caller caller, Guid? after, int take, CancellationToken ct)
    {
        var table = session.DocumentStore.Options.Schema.For<CaseRecord>();
        var roles = CaseQueries.RolesOf(caller);
        // The first `take` members of staff with a concern the reader may see, then every such concern about them.
        var staff = await session.AdvancedSql.QueryAsync<Guid>(StaffWithConcernsSql(table), ct, session.TenantId, roles, caller.User.Id, roles, after ?? Guid.Empty, take);
        if (staff.Count == 0)
        {
            return [];
        }
        var ids = staff.ToArray();
        return await CaseQueries.SeenInFull(session.Query<CaseRecord>(), caller)
            .Where(r => r.MatchesSql($"d.{ListedAsLowLevelConcern} and not d.withheld and d.excluded_user = any(?)", ids))
            .ToListAsync(ct);
    }

    private static Guid Subject(CaseRecord record) => ((AllegationCase)record.Case).State.SubjectId;

    private static async Task<RowContext> ContextAsync(
        IQuerySession session, Caller caller, IEnumerable<Guid> people, DateTimeOffset? asOf, DateTimeOffset at, CancellationToken ct)
    {
        var known = await CaseService.PeopleAsync(session, people, asOf, ct);
        var facts = CaseContext.Of(known);
        return new RowContext(known.Where(p => p.Name is not null).ToDictionary(p => p.Id, p => p.Name!), at, caller.Actor)
        {
            Pupils = facts.Pupils,
            Staff = facts.Staff,
        };
    }

    private static Caller Authorised(HttpContext http, IReadOnlySet<Role> readers)
    {
        var caller = Caller.From(http);
        return caller.Actor.Roles.Overlaps(readers)
            ? caller
            : throw new NotPermitted("ROLES", $"This register is for {string.Join(", ", readers.Select(RoleNames.Name))}.");
    }
}
