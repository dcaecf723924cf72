using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// What a client can get wrong (API.md "Errors"): each is answered with its exact status as problem details,
/// a 400 names the field, a 422 names the rule, and nothing at all is stored.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class BadInputTests(ApiFixture api)
{
    // xunit makes one instance per test: what the test sends is sent in its own trace, where RefusedAsync counts.
    private readonly RequestTrace _trace = new();

    private HttpClient Reporter => _trace.Tag(api.ClientFor(School.Teacher, Role.Staff.Name()));

    private HttpClient Dsl => _trace.Tag(api.ClientFor(School.Dsl, Role.Dsl.Name()));

    private HttpClient Admin => _trace.Tag(api.ClientFor(School.Admin, Role.Admin.Name()));

    private static string ValidConcern(Action<JsonObject>? change = null)
    {
        var body = JsonSerializer.SerializeToNode(ConcernBody(School.Year8Pupil))!.AsObject();
        change?.Invoke(body);
        return body.ToJsonString();
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>Sends, then asserts the status, problem details, and that the request wrote no event and no access-log row.</summary>
    private async Task<JsonElement> RefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string? field = null, string? rule = null)
    {
        var events = await _trace.EventsAsync(api);
        var reads = await _trace.ReadsAsync(api);
        var empty = await EmptyStreamsAsync();

        var response = await send();

        var problem = await ProblemAsync(response, status, Describe(response));
        if (field is not null)
        {
            AssertNamesField(problem, field);
        }
        if (rule is not null)
        {
            Assert.Equal(rule, problem.GetProperty("rule").GetString());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), "a 422 explains itself in a sentence");
        }
        Assert.Equal(events, await _trace.EventsAsync(api));
        Assert.Equal(reads, await _trace.ReadsAsync(api));
        Assert.Equal(empty, await EmptyStreamsAsync());
        return problem;
    }

    // A stream row with no events, as a refused create could leave. Counted before and after the request, not in
    // absolute terms: Marten keeps a tombstone stream at version 0 once any commit in the store has failed, and
    // the suite's other tests (racing writers, concurrent creates) fail commits on purpose.
    private Task<long> EmptyStreamsAsync() => api.ScalarAsync<long>("select count(*) from mt_streams where version = 0");

    // ---------------------------------------------------------------- the report body (POST /api/concerns)

    /// <summary>A name, the body as sent, and the field its 400 must name.</summary>
    public static TheoryData<string, string, string> MalformedReports => new()
    {
        { "malformed JSON", """{"pupils": [""", "body" },
        { "not JSON at all", "account=hello", "body" },
        { "a JSON array, not an object", "[]", "body" },
        { "account is a number", ValidConcern(b => b["account"] = 42), "account" },
        { "occurredAt is not an instant", ValidConcern(b => b["occurredAt"] = "last Tuesday"), "occurredAt" },
        { "unknown category", ValidConcern(b => b["category"] = "bullying-ish"), "category" },
        { "category as its number", ValidConcern(b => b["category"] = 1), "category" },
        { "unknown field", ValidConcern(b => b["colour"] = "red"), "colour" },
        { "missing account", ValidConcern(b => b.Remove("account")), "account" },
        { "missing occurredAt", ValidConcern(b => b.Remove("occurredAt")), "occurredAt" },
        { "missing pupils", ValidConcern(b => b.Remove("pupils")), "pupils" },
        { "missing category", ValidConcern(b => b.Remove("category")), "category" },
        { "null account", ValidConcern(b => b["account"] = null), "account" },
        { "null pupils", ValidConcern(b => b["pupils"] = null), "pupils" },
        { "null category", ValidConcern(b => b["category"] = null), "category" },
        { "null occurredAt", ValidConcern(b => b["occurredAt"] = null), "occurredAt" },
        { "an empty object", "{}", "pupils" },
        // Control characters (item 8): free text may hold line breaks and tabs, nothing else.
        { "a bell in the account", ValidConcern(b => b["account"] = "Messages.\u0007"), "account" },
        { "a terminal escape in the account", ValidConcern(b => b["account"] = "\u001b[2JMessages."), "account" },
    };



    // Rows with a nested pupil, written out in full (constants, so that they can be attributes).
    private const string Base = "\"category\":\"cyberbullying\",\"account\":\"Messages.\",\"occurredAt\":\"2025-01-01T09:00:00Z\"";
    private const string Pupil = "b0000000-0000-4000-8000-000000000002";

    [Theory]
    [MemberData(nameof(MalformedReports))]
    [InlineData("pupilId is not a GUID", "{\"pupils\":[{\"pupilId\":\"ezra\",\"role\":\"victim\"}]," + Base + "}", "pupils[0].pupilId")]
    [InlineData("unknown pupil role", "{\"pupils\":[{\"pupilId\":\"" + Pupil + "\",\"role\":\"bystander\"}]," + Base + "}", "pupils[0].role")]
    [InlineData("missing pupil role", "{\"pupils\":[{\"pupilId\":\"" + Pupil + "\"}]," + Base + "}", "pupils[0].role")]
    [InlineData("unknown nested field", "{\"pupils\":[{\"pupilId\":\"" + Pupil + "\",\"role\":\"victim\",\"name\":\"Ezra\"}]," + Base + "}", "pupils[0].name")]
    [InlineData("pupils is a string", "{\"pupils\":\"Ezra\"," + Base + "}", "pupils")]
    public async Task Malformed_report_is_400_naming_the_field_and_stores_nothing(string name, string body, string field)
    {
        Assert.False(string.IsNullOrEmpty(name));
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(body)), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_null_pupil_in_the_list_is_400_naming_it_and_never_500() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json("{\"pupils\":[null]," + Base + "}")), HttpStatusCode.BadRequest, "pupils[0]");


    [Fact]
    public async Task An_empty_body_is_400_naming_the_body_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json("")), HttpStatusCode.BadRequest, "body");

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_415_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", new StringContent(ValidConcern(), Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);

    [Fact]
    public async Task R1_an_occurred_at_in_the_future_is_422_naming_the_field_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["occurredAt"] = DateTimeOffset.UtcNow.AddDays(1)))),
            HttpStatusCode.UnprocessableEntity, field: "occurredAt", rule: "R1");

    [Fact]
    public async Task R1_a_received_at_in_the_future_is_422_naming_the_field_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["receivedAt"] = DateTimeOffset.UtcNow.AddDays(1)))),
            HttpStatusCode.UnprocessableEntity, field: "receivedAt", rule: "R1");

    [Fact]
    public async Task R1_a_pupil_not_in_the_directory_is_422_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["pupils"]![0]!["pupilId"] = Guid.NewGuid()))),
            HttpStatusCode.UnprocessableEntity, rule: "R1");

    [Fact]
    public async Task R1_a_member_of_staff_named_as_a_pupil_is_422_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["pupils"]![0]!["pupilId"] = School.OtherTeacher))),
            HttpStatusCode.UnprocessableEntity, rule: "R1");

    [Fact]
    public async Task R1_a_pupil_of_another_school_is_422_and_stores_nothing()
    {
        var theirs = Guid.NewGuid();
        var admin = api.ClientFor(School.Admin, Role.Admin.Name(), ApiFixture.OtherTenant);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/directory/pupils/{theirs}",
            new { name = "Rina Rainow", dateOfBirth = "2013-01-01", yearGroup = 8 })).StatusCode);

        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["pupils"]![0]!["pupilId"] = theirs))),
            HttpStatusCode.UnprocessableEntity, rule: "R1");
    }

    [Fact]
    public async Task R1_no_pupils_is_422_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["pupils"] = new JsonArray()))),
            HttpStatusCode.UnprocessableEntity, rule: "R1");

    [Fact]
    public async Task R1_a_blank_account_is_422_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["account"] = "   "))),
            HttpStatusCode.UnprocessableEntity, rule: "R1");

    [Fact]
    public async Task R1_a_staff_victim_not_in_the_directory_is_422_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["staffVictimId"] = Guid.NewGuid()))),
            HttpStatusCode.UnprocessableEntity, rule: "R1");

    [Fact]
    public async Task An_idempotency_key_over_200_characters_is_400_and_stores_nothing() =>
        await RefusedAsync(() => Reporter.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/concerns")
        {
            Content = Json(ValidConcern()),
            Headers = { { "Idempotency-Key", new string('k', 201) } },
        }), HttpStatusCode.BadRequest, "Idempotency-Key");

    // ---------------------------------------------------------------- an action (POST /api/cases/{id}/triage)

    public static TheoryData<string, string, string> MalformedTriages => new()
    {
        { "unknown risk", """{"risk":"extreme","rationale":"Because."}""", "risk" },
        { "risk as a number", """{"risk":2,"rationale":"Because."}""", "risk" },
        { "missing rationale", """{"risk":"low"}""", "rationale" },
        { "null rationale", """{"risk":"low","rationale":null}""", "rationale" },
        { "rationale as an array", """{"risk":"low","rationale":["a"]}""", "rationale" },
        { "unknown field", """{"risk":"low","rationale":"Because.","version":1}""", "version" },
        { "an empty object", "{}", "risk" },
        { "a bell in the rationale", "{\"risk\":\"low\",\"rationale\":\"Because.\\u0007\"}", "rationale" },
    };

    [Theory]
    [InlineData("a line break", "CS-1\\nCS-2")]
    [InlineData("a carriage return", "CS-1\\rCS-2")]
    [InlineData("a tab", "CS-1\\tCS-2")]
    [InlineData("a C1 control", "CS-1\\u0085")]
    public async Task A_single_line_text_with_a_control_character_is_400_naming_the_field_and_stores_nothing(string name, string reference)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var concern = await ReportConcernAsync(api);

        await RefusedAsync(() => Dsl.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{concern}/refer-to-social-care")
        {
            Content = Json("{\"summary\":\"Referred.\",\"occurredAt\":\"2025-01-01T09:00:00Z\",\"reference\":\"" + reference + "\"}"),
            Headers = { { "If-Match", "\"1\"" } },
        }), HttpStatusCode.BadRequest, "reference");
    }

    [Theory]
    [InlineData("sharedWith=LADO%0AAnyshire&why=Strategy%20meeting.", "sharedWith")]
    [InlineData("sharedWith=LADO&why=Strategy%1B%5B2J%20meeting.", "why")]
    [InlineData("sharedWith=LADO%09Anyshire&why=Strategy%20meeting.", "sharedWith")]
    [InlineData("sharedWith=LADO&why=Strategy%0D%0Ameeting.", "why")]
    public async Task An_export_whose_sharedWith_or_why_holds_a_control_character_is_400_naming_it_and_stores_nothing(string query, string field)
    {
        var concern = await ReportConcernAsync(api);

        await RefusedAsync(() => Dsl.GetAsync($"/api/cases/{concern}/timeline?format=csv&{query}"), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_idempotency_key_with_a_control_character_is_400_naming_the_header_and_stores_nothing()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/concerns") { Content = Json(ValidConcern()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "key\u0001one");
        await RefusedAsync(() => Reporter.SendAsync(request), HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Theory]
    [MemberData(nameof(MalformedTriages))]
    public async Task Malformed_action_is_400_naming_the_field_and_stores_nothing(string name, string body, string field)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var concern = await ReportConcernAsync(api);

        await RefusedAsync(() => Dsl.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{concern}/triage")
        {
            Content = Json(body),
            Headers = { { "If-Match", "\"1\"" } },
        }), HttpStatusCode.BadRequest, field);
    }

    public static TheoryData<string> BadIfMatches => ["abc", "\"abc\"", "\"0\"", "\"-1\"", "\"1.5\"", "\"99999999999999999999\""];

    [Theory]
    [MemberData(nameof(BadIfMatches))]
    public async Task An_if_match_that_is_not_a_version_is_400_and_stores_nothing(string ifMatch)
    {
        var concern = await ReportConcernAsync(api);

        await RefusedAsync(() => Dsl.SendAsync(Triage(concern, ifMatch)), HttpStatusCode.BadRequest, "If-Match");
    }

    [Fact]
    public async Task A_missing_if_match_is_428_and_stores_nothing()
    {
        var concern = await ReportConcernAsync(api);

        await RefusedAsync(() => Dsl.SendAsync(Triage(concern, ifMatch: null)), HttpStatusCode.PreconditionRequired, "If-Match");
    }

    [Fact]
    public async Task An_if_match_ahead_of_the_case_is_409_and_stores_nothing()
    {
        var concern = await ReportConcernAsync(api);

        var problem = await RefusedAsync(() => Dsl.SendAsync(Triage(concern, "\"7\"")), HttpStatusCode.Conflict);
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt64());
    }

    [Fact]
    public async Task R3_a_triage_with_a_blank_rationale_is_422_and_stores_nothing()
    {
        var concern = await ReportConcernAsync(api);

        await RefusedAsync(() => Dsl.SendAsync(Triage(concern, rationale: "  ")), HttpStatusCode.UnprocessableEntity, rule: "R3");
    }

    // ---------------------------------------------------------------- ids, paging, query strings

    public static TheoryData<string, string> NotACaseId => new()
    {
        { "GET", "/api/cases/not-a-guid" },
        { "GET", "/api/cases/123/timeline" },
        { "GET", "/api/cases/00000000-0000-0000-0000-00000000000g" },
        { "POST", "/api/cases/not-a-guid/triage" },
        { "GET", "/api/cases/%27%20or%201=1--" },
    };

    [Theory]
    [MemberData(nameof(NotACaseId))]
    public async Task A_case_id_that_is_not_a_guid_is_404_and_stores_nothing(string method, string path)
    {
        var request = () => new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? Json("""{"risk":"low","rationale":"Because."}""") : null,
            Headers = { { "If-Match", "\"1\"" } },
        };
        await RefusedAsync(() => Dsl.SendAsync(request()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_case_that_does_not_exist_is_404_and_stores_nothing()
    {
        var id = Guid.NewGuid();
        await RefusedAsync(() => Dsl.GetAsync($"/api/cases/{id}"), HttpStatusCode.NotFound);
        await RefusedAsync(() => Dsl.GetAsync($"/api/cases/{id}/timeline"), HttpStatusCode.NotFound);
        await RefusedAsync(() => Dsl.SendAsync(Triage(id)), HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/directory/staff?limit=0", "limit" },
        { "/api/directory/staff?limit=-1", "limit" },
        { "/api/directory/staff?limit=100000", "limit" },
        { "/api/directory/pupils?limit=201", "limit" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    [InlineData("/api/directory/parents?limit=abc", "limit")]
    [InlineData("/api/directory/staff?after=not-a-guid", "after")]
    public async Task A_bad_paging_parameter_is_400_naming_it(string path, string field) =>
        await RefusedAsync(() => Admin.GetAsync(path), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task The_largest_page_is_allowed()
    {
        var response = await api.ClientFor(School.Admin, Role.Admin.Name()).GetAsync("/api/directory/staff?limit=200");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_as_of_that_is_not_an_instant_is_400_naming_it_and_logs_no_read()
    {
        var concern = await ReportConcernAsync(api);

        await RefusedAsync(() => Dsl.GetAsync($"/api/cases/{concern}?asOf=yesterday"), HttpStatusCode.BadRequest, "asOf");
        await RefusedAsync(() => Dsl.GetAsync($"/api/cases/{concern}/timeline?asOf=yesterday"), HttpStatusCode.BadRequest, "asOf");
    }

    // ---------------------------------------------------------------- the directory (PUT)

    public static TheoryData<string, string, string> MalformedDirectory => new()
    {
        { "staff", """{"name":"Sam"}""", "roles" },
        { "staff", """{"name":null,"roles":["staff"]}""", "name" },
        { "pupils", """{"name":"Ann","dateOfBirth":"tomorrow","yearGroup":7}""", "dateOfBirth" },
        { "pupils", """{"name":"Ann","dateOfBirth":"2014-03-09","yearGroup":"seven"}""", "yearGroup" },
    };

    [Theory]
    [MemberData(nameof(MalformedDirectory))]
    [InlineData("staff", "{\"name\":\"Sam\",\"roles\":[\"wizard\"]}", "roles[0]")]
    [InlineData("parents", "{\"name\":\"Jo\",\"pupilIds\":[\"x\"]}", "pupilIds[0]")]
    public async Task Malformed_directory_entry_is_400_naming_the_field_and_stores_nothing(string list, string body, string field) =>
        await RefusedAsync(() => Admin.PutAsync($"/api/directory/{list}/{Guid.NewGuid()}", Json(body)),
            HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task No_input_reaches_a_500()
    {
        // A sweep over every mapped write with bodies a fuzzer would try first: whatever the answer, never 5xx.
        var concern = await ReportConcernAsync(api);
        string[] bodies = ["", "null", "0", "\"x\"", "[]", "{}", "{\"a\":", "{\"account\":\"\\u0000\"}", new string('[', 2000) + new string(']', 2000)];
        var failures = new List<string>();

        foreach (var route in Routes(api).Where(r => r.Method is "POST" or "PUT" && !r.IsOpen))
        {
            foreach (var body in bodies)
            {
                var response = await Dsl.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), route.Url(concern))
                {
                    Content = Json(body),
                    Headers = { { "If-Match", "\"1\"" } },
                });
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{route} with {body[..Math.Min(body.Length, 20)]}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, "never 500 for anything a client sent:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task A_nul_character_in_text_is_400_naming_the_field_never_500() =>
        await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json("{\"pupils\":[{\"pupilId\":\"" + Pupil + "\",\"role\":\"victim\"}]," +
            "\"category\":\"cyberbullying\",\"account\":\"Mess\\u0000ages.\",\"occurredAt\":\"2025-01-01T09:00:00Z\"}")), HttpStatusCode.BadRequest, "account");

    // ---------------------------------------------------------------- a property sent twice, a text over its limit

    [Fact]
    public async Task A_property_sent_twice_is_400_naming_it_and_stores_nothing()
    {
        var concern = await ReportConcernAsync(api);

        var problem = await RefusedAsync(() => Dsl.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{concern}/triage")
        {
            Content = Json("""{"risk":"high","risk":"low","rationale":"Because."}"""),
            Headers = { { "If-Match", "\"1\"" } },
        }), HttpStatusCode.BadRequest, "risk");
        AssertSays(problem, "risk", "This field appears twice.");
    }

    [Fact]
    public async Task A_report_with_its_account_sent_twice_is_400_naming_it_and_stores_nothing()
    {
        var body = ValidConcern();
        var twice = body[..^1] + ",\"account\":\"Something else.\"}";

        var problem = await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(twice)), HttpStatusCode.BadRequest, "account");
        AssertSays(problem, "account", "This field appears twice.");
    }

    [Fact]
    public async Task An_account_of_20000_characters_is_reported()
    {
        var response = await Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["account"] = new string('a', 20_000))));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_account_over_20000_characters_is_400_naming_it_and_stores_nothing()
    {
        var problem = await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["account"] = new string('a', 20_001)))),
            HttpStatusCode.BadRequest, "account");
        AssertSays(problem, "account", "At most 20,000 characters.");
    }

    [Fact]
    public async Task An_over_long_url_of_where_it_happened_is_400_naming_its_path_and_stores_nothing()
    {
        var where = new JsonObject { ["description"] = "Class group chat", ["platform"] = "WhatsApp", ["url"] = "https://chat.example/" + new string('a', 2_000) };

        var problem = await RefusedAsync(() => Reporter.PostAsync("/api/concerns", Json(ValidConcern(b => b["where"] = where))),
            HttpStatusCode.BadRequest, "where.url");
        AssertSays(problem, "where.url", "At most 2,000 characters.");
    }

    [Theory]
    [InlineData("staff", "\"roles\":[\"staff\"]")]
    [InlineData("pupils", "\"dateOfBirth\":\"2014-03-09\",\"yearGroup\":7")]
    [InlineData("parents", "\"pupilIds\":[]")]
    public async Task An_over_long_name_in_the_directory_is_400_naming_it_and_stores_nothing(string list, string rest)
    {
        var body = "{\"name\":\"" + new string('a', 201) + "\"," + rest + "}";

        var problem = await RefusedAsync(() => Admin.PutAsync($"/api/directory/{list}/{Guid.NewGuid()}", Json(body)),
            HttpStatusCode.BadRequest, "name");
        AssertSays(problem, "name", "At most 200 characters.");
    }

    private static void AssertSays(JsonElement problem, string field, string message) =>
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());

    [Fact]
    public async Task An_unknown_manager_filter_is_400_naming_it() =>
        await RefusedAsync(() => Dsl.GetAsync("/api/cases?managedBy=%00"), HttpStatusCode.BadRequest, "managedBy");
}
