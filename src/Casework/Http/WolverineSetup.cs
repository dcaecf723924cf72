using Casework.Allegations;
using Casework.Cases;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Runtime.MultiTenancy;
using Wolverine.Marten;

namespace Casework.Http;

/// <summary>
/// Wolverine handles the case commands: each action is a Wolverine HTTP endpoint in its feature file, using the
/// aggregate handler workflow (the case loaded once by Marten's FetchForWriting, the pure decision, the append,
/// and one commit by the transactional middleware, with Wolverine's outbox in the same transaction).
/// </summary>
public static class WolverineSetup
{
    public static WebApplicationBuilder AddCaseworkWolverine(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(options =>
        {
            options.Policies.AutoApplyTransactions();
            // R4 after a directory change (ADR 14): durable, so a message committed with the change is stored with it
            // (Marten's message storage) and handled even if the process stops first; one at a time, in order.
            options.PublishMessage<RouteAllegationsAbout>().ToLocalQueue(RouteAllegationsAboutHandler.Queue).UseDurableInbox().Sequential();
            // Its envelope and node tables are created by `migrate`, as the schema's owner (ADR 15); at start-up
            // Wolverine only checks they exist, since the service's role may not create them.
            options.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
            // Named, not inferred: JasperFx pins the application assembly process-wide to the first host started, so a
            // test process whose first host is another assembly's (the daemon tests') would find no endpoints here.
            options.ApplicationAssembly = typeof(WolverineSetup).Assembly;
            // The handlers' code is generated ahead (`codegen write`, in Internal/Generated) and checked by the test
            // command, so start-up compiles nothing and a stale registry cannot slip through (ADR 8).
            // `codegen write` itself must discover the endpoints afresh, not read them from the registry it replaces.
            options.CodeGeneration.TypeLoadMode = Environment.GetCommandLineArgs().Contains("codegen")
                ? JasperFx.CodeGeneration.TypeLoadMode.Dynamic
                : JasperFx.CodeGeneration.TypeLoadMode.Static;
        });
        builder.Services.AddWolverineHttp();
        return builder;
    }

    public static void MapCaseworkWolverineEndpoints(this WebApplication app) =>
        app.MapWolverineEndpoints(options =>
        {
            // The school comes from the caller's token only (and, for a token naming several, the tenant header).
            options.TenantId.DetectWith(new CallerTenant());
            options.ConfigureEndpoints(chain =>
            {
                // Every case action's endpoint is declared on its command (TriageCase.Post, ...).
                if (chain.Method.HandlerType.IsAssignableTo(typeof(ICaseCommand)))
                {
                    CaseEndpoints.DescribeAction(chain);
                }
            });
        });

    private sealed class CallerTenant : ITenantDetection
    {
        public ValueTask<string?> DetectTenant(HttpContext context) =>
            ValueTask.FromResult<string?>(context.User.Identity?.IsAuthenticated == true ? Caller.From(context).Tenant : null);
    }
}
