using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Allegations;
using Casework.Auth;
using Casework.Cases;
using static Casework.IntegrationTests.Api.AuthorizationKit;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Who may call what (DOMAIN.md "People and roles", R2, R4; API.md conventions). Routes are enumerated from the
/// running app, so a route added later is held to the same rules without touching this file. A refused request
/// must store nothing: counted in the case's own stream and in the test's <see cref="RequestTrace"/>.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class AuthorizationMatrixTests(ApiFixture api)
{
    private const string Tenant = ApiFixture.Tenant;
    private const string OtherTenant = ApiFixture.OtherTenant;

    // xunit makes one instance per test: the requests under test are sent in this test's own trace.
    private readonly RequestTrace _trace = new();

    private HttpClient Traced(Guid user, string role, params string[] tenants) => _trace.Tag(api.ClientFor(user, role, tenants));

    private HttpClient Traced(Guid user, IReadOnlyList<string> roles, params string[] tenants) => _trace.Tag(api.ClientFor(user, roles, tenants));

    // ---------------------------------------------------------------- authentication, every route

    [Fact]
    public async Task Every_route_but_health_and_swagger_is_401_without_a_token()
    {
        var routes = Routes(api);
        Assert.Contains(routes, r => r.Pattern == "/api/concerns");
        var client = ClientWithToken(api, null);
        var failures = new List<string>();

        foreach (var route in routes.Where(r => !r.IsOpen))
        {
            var response = await client.SendAsync(route.Request(Guid.NewGuid()));
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
                continue;
            }
            await ProblemAsync(response, HttpStatusCode.Unauthorized, route.ToString());
            // RFC 6750 3.1: a request without a token gets the bare challenge, no error code.
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        Assert.True(failures.Count == 0, "must be 401 without a token:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Health_answers_without_a_token()
    {
        var client = ClientWithToken(api, null);
        var health = Routes(api).Where(r => r.Pattern.StartsWith("/health/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, health.Count);

        foreach (var route in health)
        {
            var response = await client.GetAsync(route.Url());
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_swagger_document_is_open_without_a_token()
    {
        // Anonymous access is what is tested here: that the document renders at all is OpenApiTests' business.
        var response = await ClientWithToken(api, null).GetAsync("/swagger/v1/swagger.json");
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientWithToken(api, null).GetAsync("/swagger/index.html")).StatusCode);
    }

    public static TheoryData<string> BadTokens => ["expired", "forged", "garbage", "not-yet-valid", "unknown-role"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Every_route_but_health_and_swagger_is_401_invalid_token_for_a_rejected_token(string kind)
    {
        var now = DateTimeOffset.UtcNow;
        var token = kind switch
        {
            "expired" => Token(School.Dsl, [Role.Dsl.Name()], [Tenant], now.AddHours(-2), TimeSpan.FromMinutes(30)),
            "forged" => ForgedToken(School.Dsl, Role.Dsl.Name(), Tenant),
            "garbage" => "not.a.token",
            "not-yet-valid" => Token(School.Dsl, [Role.Dsl.Name()], [Tenant], now.AddHours(2), TimeSpan.FromMinutes(30)),
            "unknown-role" => Token(School.Dsl, ["superuser"], [Tenant], now, TimeSpan.FromMinutes(30)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var client = _trace.Tag(ClientWithToken(api, token));
        var concern = await ReportConcernAsync(api);
        var failures = new List<string>();

        foreach (var route in Routes(api).Where(r => !r.IsOpen))
        {
            var response = await client.SendAsync(route.Request(concern));
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
                continue;
            }
            await ProblemAsync(response, HttpStatusCode.Unauthorized, route.ToString());
            Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        }

        Assert.True(failures.Count == 0, $"must be 401 with a {kind} token:\n" + string.Join("\n", failures));
        Assert.Equal(0L, await _trace.EventsAsync(api));
        Assert.Equal(1L, await StreamEventCountAsync(api, concern));
    }

    // ---------------------------------------------------------------- tenants

    [Fact]
    public async Task Another_tenants_caller_gets_404_on_every_case_route_and_changes_nothing()
    {
        var concern = await ReportConcernAsync(api);
        var failures = new List<string>();

        foreach (var role in AllRoles)
        {
            var client = Traced(School.Dsl, role, OtherTenant);
            foreach (var route in Routes(api).Where(r => r.IsCaseRoute))
            {
                var response = await client.SendAsync(route.Request(concern));
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"{role}@{OtherTenant} {route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(failures.Count == 0, "a case of another school must be 404 (never reveal it exists):\n" + string.Join("\n", failures));
        Assert.Equal(0L, await _trace.EventsAsync(api));
        Assert.Equal(0L, await _trace.ReadsAsync(api));
        Assert.Equal(1L, await StreamEventCountAsync(api, concern));
        Assert.Equal(0L, await AccessLogCountAsync(api, concern));
    }

    [Fact]
    public async Task Another_tenants_admin_lists_only_their_own_directory()
    {
        var response = await api.ClientFor(School.Admin, Role.Admin.Name(), OtherTenant)
            .PutAsJsonAsync($"/api/directory/staff/{Guid.NewGuid()}", new { name = "Rae Rainow", roles = new[] { "staff" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var ours = await api.ClientFor(School.Admin, Role.Admin.Name()).GetFromJsonAsync<JsonElement>("/api/directory/staff?limit=200");
        Assert.DoesNotContain(ours.GetProperty("items").EnumerateArray(), s => s.GetProperty("name").GetString() == "Rae Rainow");
    }

    [Fact]
    public async Task A_token_naming_two_tenants_must_choose_one_with_the_tenant_header()
    {
        var concern = await ReportConcernAsync(api);
        var client = Traced(School.Auditor, Role.Auditor.Name(), Tenant, OtherTenant);

        var none = await client.GetAsync($"/api/cases/{concern}");
        AssertNamesField(await ProblemAsync(none, HttpStatusCode.BadRequest), "X-Casework-Tenant");

        var foreign = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{concern}") { Headers = { { "X-Casework-Tenant", "cranborne" } } });
        await ProblemAsync(foreign, HttpStatusCode.Forbidden);

        Assert.Equal(0L, await _trace.ReadsAsync(api));
        Assert.Equal(0L, await AccessLogCountAsync(api, concern));

        var chosen = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{concern}") { Headers = { { "X-Casework-Tenant", Tenant } } });
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);

        var other = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{concern}") { Headers = { { "X-Casework-Tenant", OtherTenant } } });
        await ProblemAsync(other, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_single_tenant_token_cannot_switch_school_with_the_tenant_header()
    {
        var theirs = await ReportConcernAsync(api, tenant: OtherTenant);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name(), Tenant);

        var response = await dsl.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{theirs}") { Headers = { { "X-Casework-Tenant", OtherTenant } } });
        await ProblemAsync(response, HttpStatusCode.Forbidden);

        var write = new HttpRequestMessage(HttpMethod.Put, $"/api/directory/staff/{Guid.NewGuid()}")
        {
            Content = JsonContent.Create(new { name = "Sneaky", roles = new[] { "admin" } }),
            Headers = { { "X-Casework-Tenant", OtherTenant } },
        };
        await ProblemAsync(await Traced(School.Admin, Role.Admin.Name(), Tenant).SendAsync(write), HttpStatusCode.Forbidden);
        Assert.Equal(0L, await _trace.EventsAsync(api));
    }

    // ---------------------------------------------------------------- roles on a concern (R2)

    /// <summary>who, then the statuses of: view, timeline, triage, directory PUT, directory GET.</summary>
    public static TheoryData<string, int, int, int, int, int> ConcernMatrix => new()
    {
        { "reporter (staff)", 200, 200, 403, 403, 403 },
        { "other staff", 404, 404, 404, 403, 403 },
        { "dsl", 200, 200, 200, 403, 403 },
        { "headteacher", 404, 404, 404, 403, 403 },
        { "chair-of-governors", 404, 404, 404, 403, 403 },
        { "lado-liaison", 404, 404, 404, 403, 403 },
        { "auditor", 200, 200, 403, 403, 403 },
        { "admin", 404, 404, 404, 200, 200 },
        { "dsl of another school", 404, 404, 404, 403, 403 },
        { "auditor of another school", 404, 404, 404, 403, 403 },
    };

    private HttpClient Who(string who) => who switch
    {
        "reporter (staff)" => api.ClientFor(School.Teacher, Role.Staff.Name()),
        "other staff" => api.ClientFor(School.OtherTeacher, Role.Staff.Name()),
        "dsl" => api.ClientFor(School.Dsl, Role.Dsl.Name()),
        "headteacher" => api.ClientFor(School.Headteacher, [Role.Headteacher.Name(), Role.Staff.Name()]),
        "chair-of-governors" => api.ClientFor(School.Chair, Role.ChairOfGovernors.Name()),
        "lado-liaison" => api.ClientFor(School.Lado, Role.LadoLiaison.Name()),
        "auditor" => api.ClientFor(School.Auditor, Role.Auditor.Name()),
        "admin" => api.ClientFor(School.Admin, Role.Admin.Name()),
        "dsl of another school" => api.ClientFor(School.Dsl, Role.Dsl.Name(), OtherTenant),
        "auditor of another school" => api.ClientFor(School.Auditor, Role.Auditor.Name(), OtherTenant),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    [Theory]
    [MemberData(nameof(ConcernMatrix))]
    public async Task R2_concern_access_by_role_is_as_DOMAIN_says(string who, int view, int timeline, int triage, int directoryPut, int directoryGet)
    {
        var concern = await ReportConcernAsync(api);
        var client = Who(who);
        var stream = concern;

        var viewed = await client.GetAsync($"/api/cases/{concern}");
        var timelined = await client.GetAsync($"/api/cases/{concern}/timeline");
        var triaged = await client.SendAsync(Triage(concern));
        var put = await client.PutAsJsonAsync($"/api/directory/staff/{Guid.NewGuid()}", new { name = "New Starter", roles = new[] { "staff" } });
        var get = await client.GetAsync("/api/directory/staff");

        var actual = new[] { viewed, timelined, triaged, put, get }.Select(r => (int)r.StatusCode).ToArray();
        Assert.True(actual.SequenceEqual([view, timeline, triage, directoryPut, directoryGet]),
            $"{who}: expected view/timeline/triage/PUT dir/GET dir = {view}/{timeline}/{triage}/{directoryPut}/{directoryGet} but got {string.Join("/", actual)}");

        foreach (var refused in new[] { viewed, timelined, triaged, put, get }.Where(r => (int)r.StatusCode >= 400))
        {
            await ProblemAsync(refused, refused.StatusCode, Describe(refused));
        }
        if (view == 200)
        {
            var body = await viewed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("concern", body.GetProperty("kind").GetString());
            Assert.Equal(who == "reporter (staff)" ? "own-report" : "full", body.GetProperty("visibility").GetString());
        }
        if (timeline == 200)
        {
            var timelineBody = await timelined.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, timelineBody.GetProperty("entries").GetArrayLength());
            Assert.Equal(1, timelineBody.GetProperty("count").GetInt32());
        }
        if (triage == 403)
        {
            Assert.Equal("R2", (await triaged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        }
        Assert.Equal(triage == 200 ? 2L : 1L, await StreamEventCountAsync(api, stream));
    }

    [Fact]
    public async Task R2_a_reporter_sees_their_own_report_but_not_what_the_dsl_did_with_it()
    {
        var concern = await ReportConcernAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(Triage(concern))).StatusCode);
        var reporter = api.ClientFor(School.Teacher, Role.Staff.Name());

        var view = await reporter.GetFromJsonAsync<JsonElement>($"/api/cases/{concern}");
        var timeline = await reporter.GetFromJsonAsync<JsonElement>($"/api/cases/{concern}/timeline");

        Assert.Equal("own-report", view.GetProperty("visibility").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("status").ValueKind);
        Assert.Empty(view.GetProperty("allowedActions").EnumerateArray());
        Assert.Equal(1, timeline.GetProperty("entries").GetArrayLength());
        Assert.Equal(1, timeline.GetProperty("count").GetInt32());
        Assert.DoesNotContain("triag", timeline.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    // ---------------------------------------------------------------- every case action, enumerated

    [Fact]
    public async Task R2_R4_who_cannot_see_a_concern_gets_404_on_every_case_route()
    {
        var concern = await ReportConcernAsync(api);
        var failures = new List<string>();
        (Guid User, string[] Roles)[] strangers =
        [
            (School.OtherTeacher, [Role.Staff.Name()]),
            (School.Headteacher, [Role.Headteacher.Name(), Role.Staff.Name()]),
            (School.Chair, [Role.ChairOfGovernors.Name()]),
            (School.Lado, [Role.LadoLiaison.Name()]),
            (School.Admin, [Role.Admin.Name()]),
        ];

        foreach (var (user, roles) in strangers)
        {
            var client = Traced(user, roles);
            foreach (var route in Routes(api).Where(r => r.IsCaseRoute))
            {
                var response = await client.SendAsync(route.Request(concern));
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"{string.Join("+", roles)} {route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(failures.Count == 0, "a case the caller may not see must be 404:\n" + string.Join("\n", failures));
        Assert.Equal(0L, await _trace.EventsAsync(api));
        Assert.Equal(1L, await StreamEventCountAsync(api, concern));
    }

    [Fact]
    public async Task R1_an_auditor_changes_nothing_through_any_route()
    {
        var concern = await ReportConcernAsync(api);
        var auditor = Traced(School.Auditor, Role.Auditor.Name());
        var failures = new List<string>();
        // Replay (POST /api/audit/..., when it exists) is the auditor's and writes shadow tables only.
        var writes = Routes(api)
            .Where(r => r.Method is not ("GET" or "HEAD") && !r.IsOpen)
            .ToList();
        Assert.Contains(writes, r => r.Pattern == "/api/concerns");

        foreach (var route in writes)
        {
            var response = await auditor.SendAsync(route.Request(concern));
            var status = (int)response.StatusCode;
            var expected = route.Pattern.StartsWith("/api/audit/", StringComparison.Ordinal) ? status < 500
                : route.IsCaseAction ? status is 403 or 422 // 422 "KIND": an action a concern does not have
                : status == 403;
            if (!expected)
            {
                failures.Add($"{route}: {status} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, "an auditor changes nothing:\n" + string.Join("\n", failures));
        Assert.Equal(0L, await _trace.EventsAsync(api));
        Assert.Equal(1L, await StreamEventCountAsync(api, concern));
    }

    [Fact]
    public async Task An_auditor_cannot_even_record_sharing_a_timeline()
    {
        var concern = await ReportConcernAsync(api);

        var response = await CaseClient.Act(api.ClientFor(School.Auditor, Role.Auditor.Name()), concern, CaseActions.ShareTimeline, 1, ShareTimeline.Request.Example);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1L, await StreamEventCountAsync(api, concern));
    }

    [Fact]
    public async Task R2_only_the_dsl_triages_and_every_other_role_is_refused_without_a_trace()
    {
        var concern = await ReportConcernAsync(api);
        var failures = new List<string>();

        foreach (var role in AllRoles.Where(r => r != Role.Dsl.Name()))
        {
            // The reporter's own identity, so that the case is visible and the refusal is about the role.
            var response = await api.ClientFor(School.Teacher, role).SendAsync(Triage(concern));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{role}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, "triage by the reporter holding a non-DSL role must be 403 (R2):\n" + string.Join("\n", failures));
        Assert.Equal(1L, await StreamEventCountAsync(api, concern));
    }

    // ---------------------------------------------------------------- allegations (R4)

    /// <summary>The teacher reports an allegation about <paramref name="subject"/> (the request's own example otherwise); the case id.</summary>
    private async Task<Guid> ReportAllegationAsync(Guid subject) =>
        (await CaseClient.Report(api.ClientFor(School.Teacher, Role.Staff.Name()), "/api/allegations",
            ReportAllegation.Request.Example with { SubjectId = subject, NewSubject = null, OccurredAt = DateTimeOffset.UtcNow.AddHours(-2), ReceivedAt = null })).Id;

    private async Task AssertReads(Guid caseId, HttpClient client, HttpStatusCode expected, string who)
    {
        var view = await client.GetAsync($"/api/cases/{caseId}");
        var timeline = await client.GetAsync($"/api/cases/{caseId}/timeline");
        Assert.True(view.StatusCode == expected && timeline.StatusCode == expected,
            $"{who}: expected {(int)expected} on view and timeline, got {(int)view.StatusCode} and {(int)timeline.StatusCode}");
    }

    [Fact]
    public async Task R4_the_subject_of_an_allegation_can_never_read_or_act_on_it()
    {
        var allegation = await ReportAllegationAsync(School.OtherTeacher);

        await AssertReads(allegation, Traced(School.OtherTeacher, Role.Staff.Name()), HttpStatusCode.NotFound, "the subject");
        // Whatever else the subject may be, they never see it: as DSL, as LADO liaison, even as auditor.
        foreach (var role in AllRoles)
        {
            await AssertReads(allegation, Traced(School.OtherTeacher, role), HttpStatusCode.NotFound, $"the subject as {role}");
        }
        var failures = new List<string>();
        foreach (var route in Routes(api).Where(r => r.IsCaseAction))
        {
            var response = await Traced(School.OtherTeacher, [Role.Staff.Name(), Role.Headteacher.Name()]).SendAsync(route.Request(allegation));
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{route}: {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, "the subject must get 404 on every action:\n" + string.Join("\n", failures));
        Assert.Equal(0L, await _trace.EventsAsync(api));
        Assert.Equal(2L, await StreamEventCountAsync(api, allegation)); // reported, and routed to the headteacher

        await AssertReads(allegation, api.ClientFor(School.Headteacher, [Role.Headteacher.Name(), Role.Staff.Name()]), HttpStatusCode.OK, "the headteacher (case manager)");
        await AssertReads(allegation, api.ClientFor(School.Auditor, Role.Auditor.Name()), HttpStatusCode.OK, "the auditor");
        await AssertReads(allegation, api.ClientFor(School.Teacher, Role.Staff.Name()), HttpStatusCode.OK, "the reporter");
        await AssertReads(allegation, api.ClientFor(School.Chair, Role.ChairOfGovernors.Name()), HttpStatusCode.NotFound, "the chair (not the manager)");
        await AssertReads(allegation, api.ClientFor(School.Dsl, Role.Dsl.Name()), HttpStatusCode.NotFound, "the DSL (not escalated)");
        await AssertReads(allegation, api.ClientFor(School.Lado, Role.LadoLiaison.Name()), HttpStatusCode.NotFound, "the LADO liaison (not referred)");
        await AssertReads(allegation, api.ClientFor(School.Admin, Role.Admin.Name()), HttpStatusCode.NotFound, "the admin");
        await AssertReads(allegation, api.ClientFor(School.Headteacher, Role.Headteacher.Name(), OtherTenant), HttpStatusCode.NotFound, "another school's headteacher");

        var reporterView = await api.ClientFor(School.Teacher, Role.Staff.Name()).GetFromJsonAsync<JsonElement>($"/api/cases/{allegation}");
        Assert.Equal("own-report", reporterView.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task R4_an_allegation_about_the_headteacher_goes_to_the_chair_and_no_headteacher_sees_it()
    {
        var allegation = await ReportAllegationAsync(School.Headteacher);

        await AssertReads(allegation, api.ClientFor(School.Headteacher, [Role.Headteacher.Name(), Role.Staff.Name()]), HttpStatusCode.NotFound, "the headteacher (subject)");
        await AssertReads(allegation, api.ClientFor(Guid.NewGuid(), Role.Headteacher.Name()), HttpStatusCode.NotFound, "another holder of the headteacher role");
        await AssertReads(allegation, api.ClientFor(School.Dsl, [Role.Dsl.Name(), Role.Headteacher.Name()]), HttpStatusCode.NotFound, "a DSL who is also a headteacher");
        await AssertReads(allegation, api.ClientFor(School.Chair, Role.ChairOfGovernors.Name()), HttpStatusCode.OK, "the chair of governors");
        await AssertReads(allegation, api.ClientFor(School.Auditor, Role.Auditor.Name()), HttpStatusCode.OK, "the auditor");

        var view = await api.ClientFor(School.Chair, Role.ChairOfGovernors.Name()).GetFromJsonAsync<JsonElement>($"/api/cases/{allegation}");
        Assert.Equal("full", view.GetProperty("visibility").GetString());
        Assert.Equal("chair-of-governors", view.GetProperty("managedBy").GetString());
        Assert.Equal(School.Headteacher, view.GetProperty("subject").GetGuid());
    }

    [Fact]
    public async Task R4_only_the_case_manager_acts_on_an_allegation()
    {
        var allegation = await ReportAllegationAsync(School.OtherTeacher);

        foreach (var (user, roles, expected) in new (Guid, string[], HttpStatusCode)[]
        {
            (School.Teacher, [Role.Staff.Name()], HttpStatusCode.Forbidden), // the reporter sees it, may not manage it
            (School.Auditor, [Role.Auditor.Name()], HttpStatusCode.Forbidden),
            (School.Chair, [Role.ChairOfGovernors.Name()], HttpStatusCode.NotFound),
            (School.Dsl, [Role.Dsl.Name()], HttpStatusCode.NotFound),
        })
        {
            var response = await CaseClient.Act(Traced(user, roles), allegation, CaseActions.AssessHarmThreshold, 2, AssessHarmThreshold.Request.Example);
            Assert.True(response.StatusCode == expected, $"{string.Join("+", roles)}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(0L, await _trace.EventsAsync(api));
        Assert.Equal(2L, await StreamEventCountAsync(api, allegation));
    }
}
