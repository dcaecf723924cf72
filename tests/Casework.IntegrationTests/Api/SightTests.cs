using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Allegations;
using Casework.Audit;
using Casework.Auth;
using Casework.Cases;
using Casework.Http;
using Casework.ParentBreaches;
using Casework.Pupils;
using Casework.Registers;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// DOMAIN.md "Sight: one rule for every route". Every route that returns anything about a case (the case view,
/// lists, registers, chronology, exports, the audit feed, the access log, replay differences, counts, reads as at an
/// instant) must agree with the case view, for every reader, whatever roles an identity provider combines: the
/// exclusions (R4) win over any role, auditor included, and R8 withholding is decided from what is true now.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class SightTests(ApiFixture api)
{
    /// <summary>A reader: who, with which roles, as an identity provider may combine them.</summary>
    private sealed record Reader(string Name, Guid Id, string[] Roles);

    private static readonly Reader Dsl = new("dsl", School.Dsl, [Role.Dsl.Name(), Role.Staff.Name()]);
    private static readonly Reader Head = new("headteacher", School.Headteacher, [Role.Headteacher.Name(), Role.Staff.Name()]);
    private static readonly Reader Chair = new("chair", School.Chair, [Role.ChairOfGovernors.Name()]);
    private static readonly Reader Lado = new("lado liaison", School.Lado, [Role.LadoLiaison.Name()]);
    private static readonly Reader Reporter = new("reporting teacher", School.Teacher, [Role.Staff.Name()]);
    private static readonly Reader Admin = new("admin", School.Admin, [Role.Admin.Name()]);
    private static readonly Reader Auditor = new("auditor", School.Auditor, [Role.Auditor.Name()]);
    private static readonly Reader SubjectAuditor = new("subject + auditor", School.OtherTeacher, [Role.Staff.Name(), Role.Auditor.Name()]);
    private static readonly Reader AuditorWithSubjectsId = new("auditor alone with the subject's id", School.OtherTeacher, [Role.Auditor.Name()]);
    private static readonly Reader HeadAuditor = new("head + auditor", School.Headteacher, [Role.Headteacher.Name(), Role.Auditor.Name()]);
    private static readonly Reader DeputyHeadAuditor = new("deputy head (dsl) + auditor", School.Dsl, [Role.Dsl.Name(), Role.Auditor.Name()]);

    private static readonly Reader[] Everyone =
        [Dsl, Head, Chair, Lado, Reporter, Admin, Auditor, SubjectAuditor, AuditorWithSubjectsId, HeadAuditor, DeputyHeadAuditor];

    private static readonly string[] CaseRegisterNames =
    [
        CaseRegisters.DslQueue, CaseRegisters.LadoReferrals, CaseRegisters.PoliceReferrals, CaseRegisters.SocialCareReferrals, CaseRegisters.AwaitingAcknowledgement,
        CaseRegisters.ContentRemovals, CaseRegisters.Allegations, CaseRegisters.ParentBreaches, CaseRegisters.Overdue, CaseRegisters.LowLevelConcerns,
        CaseRegisters.Retention,
    ];

    /// <summary>
    /// Every route of the service that returns case data, as the property test below probes it. A route added to the
    /// service must be listed here (and so probed) or in <see cref="NoCaseData"/>, or the enumeration test fails.
    /// </summary>
    private static readonly string[] Probed =
    [
        "GET /api/cases/{id:guid}", "GET /api/cases/{id:guid}/timeline", "GET /api/cases/{id:guid}/alerts", "GET /api/cases", "GET /api/cases/search", "GET /api/me/actions", "GET /api/me/due-today",
        "GET /api/pupils/{id:guid}/chronology", "GET /api/audit/events", "GET /api/audit/access-log", "POST /api/audit/replay",
        "GET /api/audit/verify", "POST /api/audit/verify", // SealedChainTests: a hidden case is named by its seal alone
        .. CaseRegisterNames.Select(name => $"GET /api/registers/{name}"),
    ];

    /// <summary>
    /// Routes that return nothing about a case, each for a stated reason. Writes answer with the view of the case they
    /// wrote, built by the same rule (CaseView.Of over Sight) and covered by the case action tests.
    /// </summary>
    private static bool NoCaseData(MappedRoute route) =>
        route.IsOpen // health and the OpenAPI document
        || route.Pattern.StartsWith("/api/directory", StringComparison.Ordinal) // people, not cases; admin only
        || route.Pattern is "/api/me" // the caller's own id, name, schools and roles (ADR 31)
        || route.Pattern is "/api/audit/checkpoint" // a seal number and a chain hash (ADR 33)
        || route.Pattern.StartsWith("/api/admin/alerts", StringComparison.Ordinal) // failed deliveries: to whom, never about what (ADR 37); admin only
        || route.Pattern.StartsWith("/api/dev", StringComparison.Ordinal) || route.Pattern.StartsWith("/dev", StringComparison.Ordinal) // Development tokens
        || route.Pattern.StartsWith("/api/school/policy", StringComparison.Ordinal) // the school's settings: no case, no person but ids of who decided
        || route.Pattern is "/api/school/categories" // the categories a report may take (S7): no case, no person
        || route.Pattern is "/api/registers" // the names of the registers the caller may read: no case
        || route.Method is "POST" && (route.IsCaseAction || route.Pattern is "/api/concerns" or "/api/disclosures" or "/api/allegations" or "/api/parent-breaches");

    [Fact]
    public void Every_route_of_the_running_service_either_is_probed_against_the_sight_rule_or_returns_no_case_data()
    {
        var unaccounted = Routes(api).Where(r => !Probed.Contains(r.ToString()) && !NoCaseData(r)).Select(r => r.ToString()).ToList();
        Assert.True(unaccounted.Count == 0,
            "Routes that may return case data but are not probed by the sight property test: " + string.Join(", ", unaccounted));
        var gone = Probed.Where(p => !Routes(api).Any(r => r.ToString() == p)).ToList();
        Assert.True(gone.Count == 0, "Probed routes the service no longer maps: " + string.Join(", ", gone));
    }

    [Fact]
    public async Task R4_an_excluded_reader_holding_auditor_finds_no_trace_of_the_allegation_on_any_audit_route()
    {
        var since = Uri.EscapeDataString(api.Clock.GetUtcNow().AddSeconds(-1).ToString("O"));
        var aboutTeacher = await AllegationAsync(School.OtherTeacher);
        var aboutHead = await AllegationAsync(School.Headteacher);
        var aboutDeputy = await AllegationAsync(School.Dsl);
        // A report naming someone the directory did not hold adds them in the same commit: that person event is the report's too.
        var newcomer = await Get(Client(Head), (await Report(Client(Reporter), "/api/allegations", new ReportAllegation.Request(
            "A volunteer messaged a pupil.", HoursAgo(4), false, false, NewSubject: new NewStaffMember($"Val Volunteer {Guid.NewGuid():N}", "Volunteer")))).Id);
        var newcomerAuditor = new Reader("new subject + auditor", newcomer.Subject!.Value, [Role.Staff.Name(), Role.Auditor.Name()]);
        // Someone reads each, so the access log has rows about them.
        foreach (var (id, manager) in new[] { (aboutTeacher, Head), (aboutHead, Chair), (aboutDeputy, Head) })
        {
            Assert.Equal(HttpStatusCode.OK, (await Client(manager).GetAsync($"/api/cases/{id}")).StatusCode);
        }

        foreach (var (reader, hidden) in new[]
                 {
                     (SubjectAuditor, aboutTeacher), (AuditorWithSubjectsId, aboutTeacher), (HeadAuditor, aboutHead),
                     (new Reader("another head + auditor", Guid.NewGuid(), [Role.Headteacher.Name(), Role.Auditor.Name()]), aboutHead),
                     (DeputyHeadAuditor, aboutDeputy), (newcomerAuditor, newcomer.Id),
                 })
        {
            var client = Client(reader);
            var because = $"{reader.Name} on the allegation {hidden}";
            Assert.True((await client.GetAsync($"/api/cases/{hidden}")).StatusCode == HttpStatusCode.NotFound, because);

            var stream = await OkAsync<AuditEventPage>(client, $"/api/audit/events?stream={hidden}");
            Assert.True(stream.Items.Count == 0 && stream.Next is null, because + ": the audit trail of its stream");
            var feed = await AllEventsAsync(client, $"from={since}");
            Assert.True(feed.All(e => e.StreamId != hidden), because + ": the unfiltered audit trail");
            var reports = await AllEventsAsync(client, $"from={since}&type=allegation-reported");
            Assert.True(reports.All(e => e.StreamId != hidden), because + ": the audit trail by event type");
            var aboutThemselves = await OkAsync<AccessLogPage>(client, $"/api/audit/access-log?case={reader.Id}");
            Assert.True(aboutThemselves.Items.Count == 0 && aboutThemselves.Next is null, because + ": the access log asked about their own id");
            var ownStream = await OkAsync<AuditEventPage>(client, $"/api/audit/events?stream={reader.Id}&from={since}");
            Assert.True(ownStream.Items.All(e => e.Type != "staff-member-added" || e.ActorId != School.Teacher),
                because + ": their own directory entry, added by the report");

            var reads = await OkAsync<AccessLogPage>(client, $"/api/audit/access-log?case={hidden}");
            Assert.True(reads.Items.Count == 0 && reads.Next is null, because + ": who read it");
            var log = await AllReadsAsync(client, $"from={since}");
            Assert.True(log.All(r => r.What != $"case/{hidden}" && !r.Cases.Contains(hidden)), because + ": the unfiltered access log");
        }

        // The control: an auditor the rule does not exclude sees them all, and who read them.
        var auditor = Client(Auditor);
        foreach (var id in new[] { aboutTeacher, aboutHead, aboutDeputy })
        {
            Assert.NotEmpty((await OkAsync<AuditEventPage>(auditor, $"/api/audit/events?stream={id}")).Items);
            Assert.NotEmpty((await OkAsync<AccessLogPage>(auditor, $"/api/audit/access-log?case={id}")).Items);
        }
    }

    [Fact]
    public async Task R4_each_access_log_row_shows_a_reader_only_the_cases_of_it_they_may_see_and_a_row_of_none_is_left_out()
    {
        var since = Uri.EscapeDataString(api.Clock.GetUtcNow().AddSeconds(-1).ToString("O"));
        var aboutTeacher = await AllegationAsync(School.OtherTeacher);
        var aboutDeputy = await AllegationAsync(School.Dsl);
        // One request that shows both (the audit trail since they were reported): one row naming both.
        var both = new RequestTrace();
        await OkAsync<AuditEventPage>(both.Tag(Client(Auditor)), $"/api/audit/events?limit=200&from={since}");
        // One that shows only the allegation about the teacher.
        var one = new RequestTrace();
        Assert.Equal(HttpStatusCode.OK, (await one.Tag(Client(Head)).GetAsync($"/api/cases/{aboutTeacher}")).StatusCode);

        var plain = await AllReadsAsync(Client(Auditor), $"from={since}");
        var subject = await AllReadsAsync(Client(SubjectAuditor), $"from={since}");
        var deputy = await AllReadsAsync(Client(DeputyHeadAuditor), $"from={since}");

        var row = Assert.Single(plain, r => r.TraceId == both.Id);
        // The page may show other cases recorded in the same second; these two are what the rule is about.
        Assert.Equal("cases", row.What);
        Assert.Superset(new HashSet<Guid> { aboutTeacher, aboutDeputy }, row.Cases.ToHashSet());
        // Each excluded auditor sees the same row with the cases hidden from them taken out (earlier allegations about
        // them may be on the page too), in the row's order.
        var seenBySubject = Assert.Single(subject, r => r.TraceId == both.Id);
        Assert.Equal(row.Cases.Where(seenBySubject.Cases.Contains), seenBySubject.Cases);
        Assert.Contains(aboutDeputy, seenBySubject.Cases);
        Assert.DoesNotContain(aboutTeacher, seenBySubject.Cases);
        var seenByDeputy = Assert.Single(deputy, r => r.TraceId == both.Id);
        Assert.Equal(row.Cases.Where(seenByDeputy.Cases.Contains), seenByDeputy.Cases);
        Assert.Contains(aboutTeacher, seenByDeputy.Cases);
        Assert.DoesNotContain(aboutDeputy, seenByDeputy.Cases);
        Assert.Single(plain, r => r.TraceId == one.Id);
        Assert.DoesNotContain(subject, r => r.TraceId == one.Id);
        Assert.Single(deputy, r => r.TraceId == one.Id);
    }

    [Fact]
    public async Task R4_the_replay_an_excluded_auditor_runs_counts_and_lists_nothing_of_the_allegation_about_them()
    {
        var hidden = await AllegationAsync(School.OtherTeacher);
        var table = "mt_doc_case_register";
        Assert.Equal(1L, await api.ScalarAsync<long>(
            $"with u as (update {table} set data = jsonb_set(data, '{{version}}', '99') where id = '{hidden}' and tenant_id = '{ApiFixture.Tenant}' returning 1) select count(*) from u"));
        try
        {
            var plain = await ReplayAsync(Client(Auditor));
            var excluded = await ReplayAsync(Client(SubjectAuditor));

            Assert.Contains(plain.Differences, d => d.Id == hidden.ToString());
            Assert.DoesNotContain(excluded.Differences, d => d.Id == hidden.ToString());
            var plainCases = Assert.Single(plain.Tables, t => t.Name == table);
            var excludedCases = Assert.Single(excluded.Tables, t => t.Name == table);
            // Every allegation about the subject in this school is left out of what they are told, counts included.
            Assert.True(excludedCases.LiveRows < plainCases.LiveRows && excludedCases.ReplayedRows < plainCases.ReplayedRows);
            Assert.True(excluded.EventsReplayed < plain.EventsReplayed);
        }
        finally
        {
            await api.ScalarAsync<long>(
                $"with u as (update {table} set data = jsonb_set(data, '{{version}}', to_jsonb(mt_version)) where id = '{hidden}' and tenant_id = '{ApiFixture.Tenant}' returning 1) select count(*) from u");
        }
    }

    [Fact]
    public async Task R4_a_report_about_oneself_answers_that_it_was_recorded_and_nothing_more_first_time_and_on_a_retry()
    {
        foreach (var (reporter, subject) in new[] { (SubjectAuditor, School.OtherTeacher), (Head, School.Headteacher) })
        {
            var client = Client(reporter);
            var key = Guid.NewGuid().ToString();
            var body = new ReportAllegation.Request("I lost my temper with a pupil and grabbed his arm.", HoursAgo(2), false, false, SubjectId: subject);
            var answers = new List<CaseView>();
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/allegations") { Content = JsonContent.Create(body, options: Casework.Http.CaseworkJson.Options) };
                request.Headers.Add("Idempotency-Key", key);
                var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
                answers.Add((await response.Content.ReadAsync<CaseView>())!);
            }
            foreach (var answer in answers)
            {
                Assert.Equal(CaseVisibility.None, answer.Visibility);
                Assert.True(answer.Status is null && answer.ManagedBy is null && answer.Subject is null && answer.Deadlines is null && answer.AllowedActions.Count == 0,
                    $"{reporter.Name}: the answer tells how the report was routed");
                Assert.False(answer.Report.EnumerateObject().Any());
            }
            Assert.Equal(answers[0].Id, answers[1].Id);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/cases/{answers[0].Id}")).StatusCode);
        }
    }

    [Fact]
    public async Task R4_a_past_instant_is_read_with_who_is_excluded_now()
    {
        // A head who held auditor would have been refused at any instant; what changes over time is who manages, so
        // the instant read takes the exclusions of now (the chair-managed allegation never shows to a head as at before).
        var aboutHead = await AllegationAsync(School.Headteacher);
        var before = Uri.EscapeDataString(api.Clock.GetUtcNow().ToString("O"));
        foreach (var reader in new[] { HeadAuditor, Head })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Client(reader).GetAsync($"/api/cases/{aboutHead}?asOf={before}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Client(reader).GetAsync($"/api/cases/{aboutHead}/timeline?asOf={before}")).StatusCode);
        }
    }

    [Fact]
    public async Task R8_a_withheld_allegation_names_nobody_on_any_route_even_as_at_before_its_outcome()
    {
        var withheld = await AllegationAsync(School.OtherTeacher);
        var view = await Get(Client(Head), withheld);
        view = await Ok(Client(Head), view, CaseActions.AssessHarmThreshold, new AssessHarmThreshold.Request([], "Late messages about homework; no harm."));
        view = await Ok(Client(Head), view, CaseActions.ReferToLado, ReferAllegationToLado.Request.Example with { OccurredAt = HoursAgo(1) });
        view = await Ok(Client(Head), view, CaseActions.RecordLowLevelConcern, RecordLowLevelConcern.Request.Example);
        var beforeOutcome = Uri.EscapeDataString(api.Clock.GetUtcNow().ToString("O"));
        view = await Ok(Client(Head), view, CaseActions.RecordOutcome,
            new RecordAllegationOutcome.Request(AllegationOutcome.Malicious, "The messages were fabricated to harm the teacher."));

        Assert.Equal(CaseVisibility.Withheld, view.Visibility);
        Assert.Null(view.Subject);
        foreach (var asOf in new[] { "", $"?asOf={beforeOutcome}" })
        {
            foreach (var reader in new[] { Head, Lado, Auditor })
            {
                var client = Client(reader);
                var seen = await Get(client, withheld, asOf);
                Assert.Equal(CaseVisibility.Withheld, seen.Visibility);
                Assert.Null(seen.Subject);
                Assert.Equal(JsonValueKind.Object, seen.Report.ValueKind);
                Assert.False(seen.Report.EnumerateObject().Any(), $"{reader.Name}{asOf}: the report is withheld");
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/cases/{withheld}/timeline{asOf}")).StatusCode);

                if (reader != Auditor && reader != Head)
                {
                    continue;
                }
                var rows = await AllRowsAsync<AllegationRow>(client, CaseRegisters.Allegations, asOf);
                var row = Assert.Single(rows, r => r.CaseId == withheld);
                Assert.True(row.DetailsWithheld && row.Subject is null && row.Summary is null && row.WithheldBecause is not null, $"{reader.Name}{asOf}");
                Assert.DoesNotContain(await AllRowsAsync<ReferralRow>(client, CaseRegisters.LadoReferrals, asOf), r => r.CaseId == withheld);
                Assert.DoesNotContain(await AllRowsAsync<StaffConcernPattern>(client, CaseRegisters.LowLevelConcerns, asOf),
                    p => p.Concerns.Any(c => c.CaseId == withheld));
            }
        }
        var auditTrail = await OkAsync<AuditEventPage>(Client(Auditor), $"/api/audit/events?stream={withheld}");
        Assert.All(auditTrail.Items, e => Assert.True(e.Data.TryGetProperty("withheld", out _), e.Type));
    }

    [Fact]
    public async Task Every_route_that_returns_case_data_agrees_with_the_case_view_for_every_reader_and_case()
    {
        var since = api.Clock.GetUtcNow().AddSeconds(-1);
        var concern = (await Report(Client(Reporter), "/api/concerns", ConcernBody(School.Year8Pupil))).Id;
        var aboutTeacher = await AllegationAsync(School.OtherTeacher);
        var referred = await Get(Client(Head), await AllegationAsync(School.OtherTeacher));
        referred = await Ok(Client(Head), referred, CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);
        referred = await Ok(Client(Head), referred, CaseActions.ReferToLado, ReferAllegationToLado.Request.Example with { OccurredAt = HoursAgo(1) });
        var aboutHead = await AllegationAsync(School.Headteacher);
        var aboutDeputy = await AllegationAsync(School.Dsl);
        var withheld = await Get(Client(Head), await AllegationAsync(School.OtherTeacher));
        withheld = await Ok(Client(Head), withheld, CaseActions.AssessHarmThreshold, new AssessHarmThreshold.Request([], "Homework messages only."));
        withheld = await Ok(Client(Head), withheld, CaseActions.RecordOutcome, new RecordAllegationOutcome.Request(AllegationOutcome.False, "Untrue."));
        // ADR 34: erased as well as withheld.
        var erased = await Get(Client(Head), await AllegationAsync(School.OtherTeacher));
        erased = await Ok(Client(Head), erased, CaseActions.AssessHarmThreshold, new AssessHarmThreshold.Request([], "Homework messages only."));
        erased = await Ok(Client(Head), erased, CaseActions.RecordOutcome, new RecordAllegationOutcome.Request(AllegationOutcome.Malicious, "Made up."));
        erased = await Ok(Client(Head), erased, CaseActions.RecordSubjectConsent, new RecordSubjectConsent.Request(HoursAgo(1), "Declined.", Consents: false));
        erased = await Ok(Client(Head), erased, CaseActions.RecordDecision, new RecordDecision.Request(CaseDecision.NoFurtherAction, "Made up."));
        erased = await Ok(Client(Head), erased, CaseActions.Close, new CloseCase.Request("Concluded.", "Made up."));
        erased = await Ok(Client(Head), erased, CaseActions.EraseContent, new EraseAllegation.Request(true));
        var breach = (await Report(Client(Reporter), "/api/parent-breaches", ReportParentBreach.Request.Example with
        {
            ParentId = School.Parent, PupilIds = [School.Year8Pupil], TargetStaffId = School.OtherTeacher, OccurredAt = HoursAgo(2),
        })).Id;
        // Actions assigned to readers who otherwise see nothing of the case: the admin on a concern, the chair on an
        // allegation the head manages (and one the head then completes, which the chair no longer sees).
        var assigned = await Get(Client(Dsl), (await Report(Client(Reporter), "/api/concerns", ConcernBody(School.Year8Pupil))).Id);
        assigned = await Ok(Client(Dsl), assigned, CaseActions.AssignAction, new AssignAction.Request(School.Admin, "Check the filtering logs for the group chat."));
        var assignedAllegation = await Get(Client(Head), await AllegationAsync(School.OtherTeacher));
        assignedAllegation = await Ok(Client(Head), assignedAllegation, CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);
        assignedAllegation = await Ok(Client(Head), assignedAllegation, CaseActions.AssignAction, new AssignAction.Request(School.Chair, "Attend the strategy meeting."));
        var completed = await Ok(Client(Head), assignedAllegation, CaseActions.AssignAction, new AssignAction.Request(School.Chair, "Read the LADO's notes."));
        completed = await Ok(Client(Head), completed, CaseActions.CompleteAction, new CompleteAction.Request(completed.OpenActions[^1].Id, "Read."));
        // R6's same-day referrals end today whatever day it is: deadlines due today, the head's (and, about the head, the chair's).
        var imagesAboutTeacher = (await Report(Client(Reporter), "/api/allegations", new ReportAllegation.Request(
            "Indecent images of a pupil were found on the member of staff's school laptop.", HoursAgo(2), true, false, SubjectId: School.OtherTeacher,
            PupilIds: [School.Year8Pupil]))).Id;
        var imagesAboutHead = (await Report(Client(Reporter), "/api/allegations", new ReportAllegation.Request(
            "Indecent images of a pupil were found on the headteacher's school laptop.", HoursAgo(2), true, false, SubjectId: School.Headteacher,
            PupilIds: [School.Year8Pupil]))).Id;
        Guid[] cases = [concern, aboutTeacher, referred.Id, aboutHead, aboutDeputy, withheld.Id, breach, erased.Id, assigned.Id, assignedAllegation.Id,
            imagesAboutTeacher, imagesAboutHead];
        var asOf = Uri.EscapeDataString(api.Clock.GetUtcNow().ToString("O"));

        var failures = new List<string>();
        var dueTodayShown = 0;
        foreach (var reader in Everyone)
        {
            var client = Client(reader);
            var views = new Dictionary<Guid, CaseVisibility>();
            foreach (var id in cases)
            {
                views[id] = await VisibilityAsync(client, $"/api/cases/{id}");
                Check(views[id] == await VisibilityAsync(client, $"/api/cases/{id}?asOf={asOf}"), reader, id, "case view asOf", views[id]);
                var timeline = (await client.GetAsync($"/api/cases/{id}/timeline")).StatusCode;
                Check(timeline == (views[id] switch
                    {
                        CaseVisibility.None => HttpStatusCode.NotFound,
                        CaseVisibility.Withheld or CaseVisibility.Assigned => HttpStatusCode.Forbidden,
                        _ => HttpStatusCode.OK,
                    }),
                    reader, id, $"timeline {(int)timeline}", views[id]);
                // An export is shared with someone: only a reader who sees it all may (a reporter, or a withheld record: 403).
                var export = (await client.GetAsync($"/api/cases/{id}/timeline?format=csv&sharedWith=LADO&why=Strategy%20meeting")).StatusCode;
                Check(export == (views[id] switch { CaseVisibility.None => HttpStatusCode.NotFound, CaseVisibility.Full => HttpStatusCode.OK, _ => HttpStatusCode.Forbidden }),
                    reader, id, $"export {(int)export}", views[id]);
                // The erasure and retention routes (ADR 34, 35) are 404 exactly where the case view is: they never tell that the case exists.
                foreach (var action in new[] { CaseActions.EraseContent, CaseActions.PlaceLegalHold, CaseActions.LiftLegalHold, CaseActions.ReviewRetention })
                {
                    var status = (await client.PostAsJsonAsync($"/api/cases/{id}/{action}", Examples[action], CaseworkJson.Options)).StatusCode;
                    Check(status == HttpStatusCode.NotFound == (views[id] == CaseVisibility.None), reader, id, $"{action} {(int)status}", views[id]);
                }
                // Whom a case alerted is seen only by those who see it in full (ADR 37): a reporter or a withheld record is 403.
                var alerts = (await client.GetAsync($"/api/cases/{id}/alerts")).StatusCode;
                Check(alerts == (views[id] switch { CaseVisibility.None => HttpStatusCode.NotFound, CaseVisibility.Full => HttpStatusCode.OK, _ => HttpStatusCode.Forbidden }),
                    reader, id, $"alerts {(int)alerts}", views[id]);
            }

            // My actions are exactly the open actions the case view shows as the reader's own.
            var mine = await AllAsync<MyAction>(client, "/api/me/actions?limit=200");
            foreach (var id in cases)
            {
                var own = views[id] == CaseVisibility.None ? [] : (await Get(client, id)).OpenActions.Where(a => a.AssigneeId == reader.Id).Select(a => a.Id).ToHashSet();
                Check(own.SetEquals(mine.Where(a => a.CaseId == id).Select(a => a.ActionId)), reader, id, "my actions", views[id]);
            }

            // The deadlines due today are the case view's own, open and ending today, of cases seen in full.
            var dueToday = await AllAsync<MyDeadline>(client, "/api/me/due-today?limit=200");
            var today = Casework.Calendar.WorkingDayCalendar.LocalDate(api.Clock.GetUtcNow());
            foreach (var id in cases)
            {
                var due = dueToday.Where(d => d.CaseId == id).Select(d => d.Deadline).ToList();
                var shown = views[id] == CaseVisibility.Full ? (await Get(client, id)).Deadlines! : [];
                Check(due.All(d => shown.Contains(d) && !d.Satisfied && !d.Overdue && d.EndsOn == today), reader, id, "deadlines due today", views[id]);
                dueTodayShown += due.Count;
            }

            var listed = await AllCasesAsync(client);
            var ownReports = await AllAsync<CaseRegisterRow>(client, "/api/cases?visibility=own-report&limit=200");
            foreach (var id in cases)
            {
                var row = listed.FirstOrDefault(r => r.Id == id);
                Check(views[id] == CaseVisibility.None ? row is null : row?.Visibility == views[id], reader, id, $"case list ({row?.Visibility})", views[id]);
                Check(ownReports.Any(r => r.Id == id) == (views[id] == CaseVisibility.OwnReport), reader, id, "case list of own reports", views[id]);
                if (row is not null && views[id] != CaseVisibility.None)
                {
                    // The row names exactly whom the case view names (a reporter whom they named; nobody on a withheld record).
                    var view = await Get(client, id);
                    var named = (view.Pupils ?? []).Concat(new[] { view.Subject, view.Parent }.OfType<Guid>()).ToHashSet();
                    var rowNamed = (row.People ?? []).Select(p => p.Id).ToHashSet();
                    Check(named.IsSubsetOf(rowNamed) && (named.Count == 0) == (rowNamed.Count == 0)
                          && (row.Pupils ?? []).ToHashSet().SetEquals(view.Pupils ?? []),
                        reader, id, $"case list people ({rowNamed.Count} named, the view {named.Count})", views[id]);
                }
            }

            // A search finds exactly the cases seen in full, by no filter or by a name (the allegations' subjects are teachers).
            var searched = await AllAsync<CaseRegisterRow>(client, "/api/cases/search?limit=200");
            var byName = await AllAsync<CaseRegisterRow>(client, "/api/cases/search?name=Teacher&limit=200");
            foreach (var id in cases)
            {
                Check(searched.Any(r => r.Id == id) == (views[id] == CaseVisibility.Full), reader, id, "case search", views[id]);
                Check(!byName.Any(r => r.Id == id) || views[id] == CaseVisibility.Full, reader, id, "case search by name", views[id]);
            }

            foreach (var register in CaseRegisterNames)
            {
                var shown = await RegisterCaseIdsAsync(client, register);
                foreach (var id in cases.Where(shown.Contains))
                {
                    Check(views[id] == CaseVisibility.Full || views[id] == CaseVisibility.Withheld && register == CaseRegisters.Allegations,
                        reader, id, $"register {register}", views[id]);
                }
            }

            var chronology = await client.GetAsync($"/api/pupils/{School.Year8Pupil}/chronology?limit=1");
            if (chronology.StatusCode == HttpStatusCode.OK)
            {
                // Every case here names the Year 8 pupil (the allegations as the child involved) but the parent breach, whose
                // pupils are linked to the post, not parties to the case: a case naming them is in their chronology exactly
                // when it is seen in full (so never an allegation about the reader, nor a withheld one, R4, R8).
                var entries = await AllAsync<ChronologyEntry>(client, $"/api/pupils/{School.Year8Pupil}/chronology?limit=200");
                foreach (var id in cases)
                {
                    var shown = entries.Any(e => e.CaseId == id);
                    Check(id == breach ? !shown || views[id] == CaseVisibility.Full : shown == (views[id] == CaseVisibility.Full),
                        reader, id, $"pupil chronology (shown: {shown})", views[id]);
                }
            }

            if (reader.Roles.Contains(Role.Auditor.Name()))
            {
                var sinceQuery = $"from={Uri.EscapeDataString(since.ToString("O"))}";
                var events = await AllEventsAsync(client, sinceQuery);
                var reads = await AllReadsAsync(client, sinceQuery);
                foreach (var id in cases)
                {
                    var inFeed = events.Any(e => e.StreamId == id);
                    Check(inFeed == (views[id] != CaseVisibility.None), reader, id, "audit events", views[id]);
                    Check(events.Where(e => e.StreamId == id).All(e => e.Data.TryGetProperty("withheld", out _) == (views[id] == CaseVisibility.Withheld)),
                        reader, id, "audit event content", views[id]);
                    Check(reads.Any(r => r.Cases.Contains(id)) == (views[id] != CaseVisibility.None), reader, id, "access log", views[id]);
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The agreement is not vacuous: the case view itself answers as the rule says for a few anchors.
        Assert.Equal(CaseVisibility.Full, await VisibilityAsync(Client(Auditor), $"/api/cases/{aboutHead}"));
        Assert.Equal(CaseVisibility.None, await VisibilityAsync(Client(HeadAuditor), $"/api/cases/{aboutHead}"));
        Assert.Equal(CaseVisibility.None, await VisibilityAsync(Client(SubjectAuditor), $"/api/cases/{aboutTeacher}"));
        Assert.Equal(CaseVisibility.OwnReport, await VisibilityAsync(Client(Reporter), $"/api/cases/{aboutTeacher}"));
        Assert.Equal(CaseVisibility.Withheld, await VisibilityAsync(Client(Head), $"/api/cases/{withheld.Id}"));
        Assert.Equal(CaseVisibility.None, await VisibilityAsync(Client(SubjectAuditor), $"/api/cases/{erased.Id}"));
        Assert.Equal(CaseVisibility.Full, await VisibilityAsync(Client(Lado), $"/api/cases/{referred.Id}"));
        Assert.Equal(CaseVisibility.None, await VisibilityAsync(Client(Lado), $"/api/cases/{aboutTeacher}"));
        Assert.Equal(CaseVisibility.Assigned, await VisibilityAsync(Client(Admin), $"/api/cases/{assigned.Id}"));
        Assert.Equal(CaseVisibility.Assigned, await VisibilityAsync(Client(Chair), $"/api/cases/{assignedAllegation.Id}"));
        Assert.Single((await Get(Client(Chair), assignedAllegation.Id)).OpenActions);
        Assert.True(dueTodayShown > 0, "no deadline due today was listed to anyone: the check of the deadlines due today proved nothing");

        void Check(bool agrees, Reader reader, Guid id, string route, CaseVisibility view)
        {
            if (!agrees)
            {
                failures.Add($"{reader.Name}, case {Array.IndexOf(cases, id)} (view: {view}): {route} disagrees with the case view");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private HttpClient Client(Reader reader) => api.ClientFor(reader.Id, reader.Roles);

    private async Task<Guid> AllegationAsync(Guid subject) =>
        (await Report(Client(Reporter), "/api/allegations", new ReportAllegation.Request(
            "A pupil says the member of staff messaged her late at night.", HoursAgo(6), false, false, SubjectId: subject,
            PupilIds: [School.Year8Pupil]))).Id;

    private static async Task<CaseView> Get(HttpClient client, Guid id, string query = "")
    {
        var response = await client.GetAsync($"/api/cases/{id}{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsync<CaseView>())!;
    }

    private static async Task<CaseVisibility> VisibilityAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.NotFound ? CaseVisibility.None
            : (await response.Content.ReadAsync<CaseView>())!.Visibility;
    }

    private static async Task<T> OkAsync<T>(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsync<T>())!;
    }

    private static async Task<ReplayReport> ReplayAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/audit/replay", JsonContent.Create(new { }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsync<ReplayReport>())!;
    }

    private static Task<List<AuditEvent>> AllEventsAsync(HttpClient client, string query) =>
        AllAsync<AuditEvent>(client, $"/api/audit/events?limit=200&{query}");

    private static Task<List<AccessLogEntry>> AllReadsAsync(HttpClient client, string query) =>
        AllAsync<AccessLogEntry>(client, $"/api/audit/access-log?limit=200&{query}");

    private static Task<List<CaseRegisterRow>> AllCasesAsync(HttpClient client) =>
        AllAsync<CaseRegisterRow>(client, "/api/cases?limit=200");

    private static Task<List<TRow>> AllRowsAsync<TRow>(HttpClient client, string register, string asOfQuery) =>
        AllAsync<TRow>(client, $"/api/registers/{register}{(asOfQuery.Length == 0 ? "?" : asOfQuery + "&")}limit=200");

    // Every item of a paged list, page after page (`after` = the previous page's `next`, whatever its type).
    private static async Task<List<T>> AllAsync<T>(HttpClient client, string path)
    {
        var all = new List<T>();
        string? after = null;
        do
        {
            var page = await OkAsync<JsonElement>(client, after is null ? path : $"{path}&after={Uri.EscapeDataString(after)}");
            all.AddRange(page.GetProperty("items").Deserialize<List<T>>(CaseworkJson.Options)!);
            var next = page.GetProperty("next");
            after = next.ValueKind == JsonValueKind.Null ? null : next.ToString();
        }
        while (after is not null);
        return all;
    }

    // The case ids a register shows the reader (none when the register is not theirs: 403).
    private static async Task<HashSet<Guid>> RegisterCaseIdsAsync(HttpClient client, string register)
    {
        if ((await client.GetAsync($"/api/registers/{register}?limit=1")).StatusCode == HttpStatusCode.Forbidden)
        {
            return [];
        }
        var rows = await AllRowsAsync<JsonElement>(client, register, "");
        return
        [
            .. rows.SelectMany(row => row.TryGetProperty("caseId", out var id) ? [id.GetGuid()]
                : row.GetProperty("concerns").EnumerateArray().Select(c => c.GetProperty("caseId").GetGuid())),
        ];
    }
}
