using Casework.Concerns;

namespace Casework.Cases;

/// <summary>The route table of cases: reports, reads and one route per action (API.md).</summary>
public static class CaseRoutes
{
    public static void MapCases(this IEndpointRouteBuilder app)
    {
        app.MapReport<ReportConcern.Request>("/api/concerns", CaseKind.Concern,
            "Report a concern about one or more pupils (any role, R1).");

        app.MapCaseReads();
        app.MapListCases();

        app.MapCaseAction<TriageCase.Request>(CaseActions.Triage,
            "Triage a concern or disclosure: the risk level and why (DSL only, R2, R3).");
    }
}
