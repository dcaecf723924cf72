using Casework.Allegations;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.ParentBreaches;
using Casework.Pupils;

namespace Casework.Cases;

/// <summary>The route table of cases: reports and reads (API.md). Actions are Wolverine endpoints in their feature files.</summary>
public static class CaseRoutes
{
    public static void MapCases(this IEndpointRouteBuilder app)
    {
        app.MapReport<ReportConcern.Request>("/api/concerns", ConcernCase.New,
            "Report a concern about one or more pupils (any role, R1).");
        app.MapReport<RecordDisclosure.Request>("/api/disclosures", DisclosureCase.New,
            "Record what a pupil disclosed, in their own words (any role, R1); the DSL manages it (R2).");
        app.MapReport<ReportAllegation.Request>("/api/allegations", AllegationCase.New,
            "Report an allegation against a member of staff (any role, R1); it goes to the headteacher, or to the chair of governors when the head is the subject (R4).");
        app.MapReport<ReportParentBreach.Request>("/api/parent-breaches", ParentBreachCase.New,
            "Report a parent's post that breaks the social-media code (any role, R1); the DSL and the headteacher manage it.");

        app.MapCaseReads();
        app.MapExportTimeline();
        app.MapPupilChronology();
        app.MapListCases();

        // Each case action is a Wolverine endpoint in its own feature file (e.g. TriageCase.Post), described by CaseEndpoints.DescribeAction.
    }
}
