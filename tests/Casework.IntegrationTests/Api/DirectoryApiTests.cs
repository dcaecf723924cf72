using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Allegations;
using Casework.Auth;
using Casework.Cases;
using Casework.Directory;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// The school directory over HTTP: routing follows it (R4, ADR 14), it writes only into people's streams, it never
/// answers 500, and its staff rows say nothing of how a person came to be there.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class DirectoryApiTests(ApiFixture api)
{
    private static readonly object TeacherAsHead = new { name = "Tom Teacher", roles = new[] { "headteacher", "staff" } };
    private static readonly object TeacherAsStaff = new { name = "Tom Teacher", roles = new[] { "staff" } };

    private HttpClient Admin => api.ClientFor(School.Admin, Role.Admin.Name());

    // ---------------------------------------------------------------- R4: routing follows the directory

    /// <summary>A school of its own (seeded as every school is), so promoting its teacher moves nobody else's cases.</summary>
    private async Task<string> NewSchoolAsync()
    {
        var tenant = "routing-" + Guid.NewGuid().ToString("N")[..12];
        await School.SeedAsync(api, tenant);
        return tenant;
    }

    private async Task<CaseView> AllegationAboutAsync(string tenant, Guid subject) =>
        await Report(api.ClientFor(School.OtherTeacher, ["staff"], tenant), "/api/allegations", new ReportAllegation.Request(
            "A Year 8 pupil says the teacher messaged her on Instagram late at night and asked her to keep it secret.",
            HoursAgo(6), false, false, SubjectId: subject));

    private async Task<CaseView> ClosedAllegationAboutAsync(string tenant, Guid subject)
    {
        var head = api.ClientFor(School.Headteacher, ["headteacher", "staff"], tenant);
        var view = await Get(head, (await AllegationAboutAsync(tenant, subject)).Id);
        view = await Ok(head, view, CaseActions.AssessHarmThreshold,
            new AssessHarmThreshold.Request([], "He raised his voice at the class; no child was harmed or at risk."));
        view = await Ok(head, view, CaseActions.RecordLowLevelConcern, RecordLowLevelConcern.Request.Example);
        view = await Ok(head, view, CaseActions.RecordOutcome, new RecordAllegationOutcome.Request(AllegationOutcome.Unsubstantiated, "No pupil confirmed it."));
        return await Ok(head, view, CaseActions.Close, CloseCase.Request.Example);
    }

    private static async Task<HttpResponseMessage> PutStaffAsync(HttpClient admin, Guid id, object body)
    {
        var response = await admin.PutAsJsonAsync($"/api/directory/staff/{id}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response;
    }

    /// <summary>The asynchronous handler's work, awaited by polling with a bounded timeout rather than a fixed sleep.</summary>
    private static async Task<CaseView> EventuallyAsync(HttpClient client, Guid id, Func<CaseView, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync($"/api/cases/{id}");
            if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsync<CaseView>())! is var view && done(view))
            {
                return view;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The case {id} was not re-routed within 10 s.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task R4_routing_follows_the_directory_a_teacher_made_headteacher_hands_their_open_allegation_to_the_chair_and_back()
    {
        var tenant = await NewSchoolAsync();
        var admin = api.ClientFor(School.Admin, [Role.Admin.Name()], tenant);
        var chair = api.ClientFor(School.Chair, ["chair-of-governors"], tenant);
        var head = api.ClientFor(School.Headteacher, ["headteacher", "staff"], tenant);
        var newHead = api.ClientFor(School.Teacher, ["headteacher", "staff"], tenant);
        var open = await AllegationAboutAsync(tenant, School.Teacher);
        var closed = await ClosedAllegationAboutAsync(tenant, School.Teacher);

        await PutStaffAsync(admin, School.Teacher, TeacherAsHead);

        var moved = await EventuallyAsync(chair, open.Id, v => v.ManagedBy == "chair-of-governors");
        Assert.Contains(CaseAction.AssessHarmThreshold, moved.AllowedActions);
        Assert.Equal(HttpStatusCode.NotFound, (await newHead.GetAsync($"/api/cases/{open.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/api/cases/{open.Id}")).StatusCode);
        Assert.DoesNotContain(open.Id.ToString(), await newHead.GetStringAsync("/api/cases"));
        Assert.DoesNotContain(open.Id.ToString(), await newHead.GetStringAsync("/api/registers/allegations"));
        var assigned = (await Timeline(chair, open.Id)).Last();
        Assert.Equal("allegation-case-manager-assigned", assigned.Type);
        Assert.Equal(SystemActor.Id, assigned.ActorId);
        Assert.Equal([SystemActor.Role], assigned.ActorRoles);
        Assert.Equal("The subject became the headteacher.", assigned.Why);
        moved = await Ok(chair, moved, CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);

        await PutStaffAsync(admin, School.Teacher, TeacherAsStaff);

        var back = await EventuallyAsync(head, open.Id, v => v.ManagedBy == "headteacher");
        Assert.Equal(moved.Version + 1, back.Version);
        Assert.Equal("The subject is no longer the headteacher.", (await Timeline(head, open.Id)).Last().Why);
        Assert.Equal(HttpStatusCode.NotFound, (await chair.GetAsync($"/api/cases/{open.Id}")).StatusCode);
        Assert.Equal(closed.Version, await api.VersionOf(closed));
    }

    [Fact]
    public async Task R14_re_routing_again_when_the_manager_is_already_right_records_nothing()
    {
        var tenant = await NewSchoolAsync();
        var admin = api.ClientFor(School.Admin, [Role.Admin.Name()], tenant);
        var open = await AllegationAboutAsync(tenant, School.Teacher);
        await PutStaffAsync(admin, School.Teacher, TeacherAsHead);
        var moved = await EventuallyAsync(api.ClientFor(School.Chair, ["chair-of-governors"], tenant), open.Id, v => v.ManagedBy == "chair-of-governors");

        // The message delivered twice (a retry after a crash), and the same change put again.
        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(tenant, new RouteAllegationsAbout(tenant, School.Teacher));
        }
        var again = await PutStaffAsync(admin, School.Teacher, TeacherAsHead);

        Assert.Equal(0, (await again.Content.ReadAsync<DirectoryChange>())!.Recorded);
        Assert.Equal(moved.Version, await api.VersionOf(moved));
    }

    [Fact]
    public async Task R4_when_the_headteacher_leaves_the_allegation_about_them_goes_to_the_new_headteacher()
    {
        var tenant = await NewSchoolAsync();
        var admin = api.ClientFor(School.Admin, [Role.Admin.Name()], tenant);
        await PutStaffAsync(admin, School.OtherTeacher, new { name = "Olu Teacher", roles = new[] { "headteacher", "staff" } });
        var open = await AllegationAboutAsync(tenant, School.Headteacher);
        Assert.Equal("chair-of-governors", (await Get(api.ClientFor(School.Chair, ["chair-of-governors"], tenant), open.Id)).ManagedBy);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/directory/staff/{School.Headteacher}")).StatusCode);

        await EventuallyAsync(api.ClientFor(School.OtherTeacher, ["headteacher", "staff"], tenant), open.Id, v => v.ManagedBy == "headteacher");
    }

    [Fact]
    public async Task R4_the_admins_answer_is_the_same_whether_or_not_a_case_is_about_the_person()
    {
        var withCase = await NewSchoolAsync();
        var without = await NewSchoolAsync();
        var open = await AllegationAboutAsync(withCase, School.Teacher);

        var answers = new List<(HttpStatusCode Status, string? ETag, string Body)>();
        foreach (var tenant in new[] { withCase, without })
        {
            var response = await api.ClientFor(School.Admin, [Role.Admin.Name()], tenant).PutAsJsonAsync($"/api/directory/staff/{School.Teacher}", TeacherAsHead);
            answers.Add((response.StatusCode, response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(HttpStatusCode.OK, answers[0].Status);
        // The case stream is written afterwards, by the handler, never by the admin's request.
        await EventuallyAsync(api.ClientFor(School.Chair, ["chair-of-governors"], withCase), open.Id, v => v.ManagedBy == "chair-of-governors");
    }

    // ---------------------------------------------------------------- the directory writes only into people

    [Fact]
    public async Task Directory_put_refuses_a_case_id_with_404_and_writes_nothing_into_the_case()
    {
        var concern = await AllegationAboutAsync(ApiFixture.Tenant, School.OtherTeacher);
        var version = await api.VersionOf(concern);

        var put = await Admin.PutAsJsonAsync($"/api/directory/staff/{concern.Id}", TeacherAsStaff);
        var withIfMatch = new HttpRequestMessage(HttpMethod.Put, $"/api/directory/staff/{concern.Id}") { Content = JsonContent.Create(TeacherAsStaff) };
        withIfMatch.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");

        await ProblemAsync(put, HttpStatusCode.NotFound);
        await ProblemAsync(await Admin.SendAsync(withIfMatch), HttpStatusCode.NotFound);
        await ProblemAsync(await Admin.DeleteAsync($"/api/directory/staff/{concern.Id}"), HttpStatusCode.NotFound);
        Assert.Equal(version, await api.VersionOf(concern));
    }

    [Fact]
    public async Task Directory_delete_of_another_kind_or_of_no_one_is_404_and_records_nothing()
    {
        var pupil = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/directory/pupils/{pupil}",
            new { name = "Kit Kind", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12), yearGroup = 7 })).StatusCode);

        await ProblemAsync(await Admin.DeleteAsync($"/api/directory/staff/{pupil}"), HttpStatusCode.NotFound);
        await ProblemAsync(await Admin.DeleteAsync($"/api/directory/parents/{pupil}"), HttpStatusCode.NotFound);
        await ProblemAsync(await Admin.DeleteAsync($"/api/directory/staff/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        Assert.Equal(1L, await api.ScalarAsync<long>($"select version from mt_streams where id = '{pupil}'"));
    }

    [Fact]
    public async Task Directory_put_of_a_person_of_another_kind_is_422_D4()
    {
        var problem = await ProblemAsync(await Admin.PutAsJsonAsync($"/api/directory/staff/{School.Year6Pupil}", TeacherAsStaff), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("D4", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Directory_etag_round_trips_put_then_put_with_if_match_then_delete_with_if_match()
    {
        var id = Guid.NewGuid();
        var first = await Admin.PutAsJsonAsync($"/api/directory/staff/{id}", new { name = "Eve Etag", roles = new[] { "staff" } });
        Assert.Equal("\"1\"", first.Headers.ETag!.Tag);

        var second = new HttpRequestMessage(HttpMethod.Put, $"/api/directory/staff/{id}") { Content = JsonContent.Create(new { name = "Eve Etag", roles = new[] { "staff", "dsl" } }) };
        second.Headers.TryAddWithoutValidation("If-Match", first.Headers.ETag.Tag);
        var changed = await Admin.SendAsync(second);
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        Assert.Equal("\"2\"", changed.Headers.ETag!.Tag);
        Assert.Equal(2, (await changed.Content.ReadAsync<DirectoryChange>())!.Version);

        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/directory/staff/{id}");
        delete.Headers.TryAddWithoutValidation("If-Match", changed.Headers.ETag.Tag);
        var left = await Admin.SendAsync(delete);
        Assert.True(left.StatusCode == HttpStatusCode.OK, await left.Content.ReadAsStringAsync());
        Assert.Equal("\"3\"", left.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Directory_import_of_a_case_id_as_a_person_is_400_naming_the_row_and_writes_nothing()
    {
        var allegation = await AllegationAboutAsync(ApiFixture.Tenant, School.OtherTeacher);
        var version = await api.VersionOf(allegation);
        var good = new { id = Guid.NewGuid(), staff = new { name = "Gus Good", roles = new[] { "staff" } } };
        var caseAsPerson = new { id = allegation.Id, staff = new { name = "Cas Case", roles = new[] { "staff" } } };

        var problem = await ProblemAsync(await Admin.PostAsJsonAsync("/api/directory/import", new { people = new object[] { good, caseAsPerson } }), HttpStatusCode.BadRequest);

        AssertNamesField(problem, "people[1].id");
        Assert.Equal(version, await api.VersionOf(allegation));
        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from mt_streams where id = '{good.id}'"));
    }

    // ---------------------------------------------------------------- never 500

    [Fact]
    public async Task Directory_names_search_with_a_nul_is_400_naming_search()
    {
        var response = await api.ClientFor(School.Teacher, "staff").GetAsync("/api/directory/names?search=%00");
        AssertNamesField(await ProblemAsync(response, HttpStatusCode.BadRequest), "search");
    }

    [Fact]
    public async Task Directory_put_and_import_of_an_all_zero_id_are_400_naming_the_field()
    {
        AssertNamesField(await ProblemAsync(await Admin.PutAsJsonAsync($"/api/directory/staff/{Guid.Empty}", TeacherAsStaff), HttpStatusCode.BadRequest), "id");
        var row = new { id = Guid.Empty, staff = new { name = "Zed Zero", roles = new[] { "staff" } } };
        AssertNamesField(await ProblemAsync(await Admin.PostAsJsonAsync("/api/directory/import", new { people = new[] { row } }), HttpStatusCode.BadRequest), "people[0].id");
    }

    [Fact]
    public async Task Directory_six_concurrent_imports_of_the_same_people_answer_200_or_409_and_hold_each_person_once()
    {
        var rows = Enumerable.Range(0, 20).Select(i => new { id = Guid.NewGuid(), staff = new { name = $"Con Current {i}", roles = new[] { "staff" } } }).ToArray();
        var body = new { people = rows };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Admin.PostAsJsonAsync("/api/directory/import", body)));

        foreach (var response in responses)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await ProblemAsync(response, HttpStatusCode.Conflict);
            }
        }
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var ids = string.Join(",", rows.Select(r => $"'{r.id}'"));
        Assert.Equal(20L, await api.ScalarAsync<long>($"select count(*) from mt_doc_person where id in ({ids})"));
        Assert.Equal(20L, await api.ScalarAsync<long>($"select count(*) from mt_events where stream_id in ({ids})"));
    }

    // ---------------------------------------------------------------- work e-mail (where alerts go, ADR 37)

    [Theory]
    [InlineData("not an address")]
    [InlineData("Sam Head <s.head@clarendon.sch.uk>")]
    [InlineData("a@clarendon.sch.uk, b@clarendon.sch.uk")]
    public async Task A_staff_work_e_mail_that_is_not_one_address_is_400_naming_email_in_a_put_and_in_an_import_row(string email)
    {
        var id = Guid.NewGuid();
        AssertNamesField(await ProblemAsync(await Admin.PutAsJsonAsync($"/api/directory/staff/{id}", new { name = "Em Ail", roles = new[] { "staff" }, email }),
            HttpStatusCode.BadRequest), "email");
        var row = new { id, staff = new { name = "Em Ail", roles = new[] { "staff" }, email } };
        AssertNamesField(await ProblemAsync(await Admin.PostAsJsonAsync("/api/directory/import", new { people = new[] { row } }), HttpStatusCode.BadRequest),
            "people[0].staff.email");
        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from mt_streams where id = '{id}'"));
    }

    [Fact]
    public async Task A_staff_work_e_mail_is_recorded_listed_and_kept_when_a_later_put_leaves_it_out()
    {
        var id = Guid.NewGuid();
        (await Admin.PutAsJsonAsync($"/api/directory/staff/{id}", new { name = "Em Ail", roles = new[] { "dsl" }, email = "em.ail@clarendon.sch.uk" })).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync($"/api/directory/staff/{id}", new { name = "Em Ail-Jones", roles = new[] { "dsl" } })).EnsureSuccessStatusCode();

        var listed = await Admin.GetFromJsonAsync<JsonElement>($"/api/directory/staff?limit=1&after={Before(id)}");
        var staff = listed.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal("em.ail@clarendon.sch.uk", staff.GetProperty("email").GetString());
        Assert.Equal("Em Ail-Jones", staff.GetProperty("name").GetString());
    }

    // ---------------------------------------------------------------- date of birth (an allegation's retention, ADR 35)

    [Theory]
    [InlineData("2999-01-01")] // in the future
    [InlineData("2020-01-01")] // a child
    [InlineData("1900-01-01")] // over 100
    [InlineData("not a date")]
    public async Task A_staff_date_of_birth_in_the_future_or_not_an_adults_is_400_naming_dateOfBirth_in_a_put_and_in_an_import_row(string dateOfBirth)
    {
        var id = Guid.NewGuid();
        AssertNamesField(await ProblemAsync(await Admin.PutAsJsonAsync($"/api/directory/staff/{id}", new { name = "Bea Born", roles = new[] { "staff" }, dateOfBirth }),
            HttpStatusCode.BadRequest), "dateOfBirth");
        var row = new { id, staff = new { name = "Bea Born", roles = new[] { "staff" }, dateOfBirth } };
        AssertNamesField(await ProblemAsync(await Admin.PostAsJsonAsync("/api/directory/import", new { people = new[] { row } }), HttpStatusCode.BadRequest),
            "people[0].staff.dateOfBirth");
        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from mt_streams where id = '{id}'"));
    }

    [Fact]
    public async Task A_staff_date_of_birth_is_recorded_listed_and_kept_when_a_later_put_or_import_leaves_it_out()
    {
        var id = Guid.NewGuid();
        (await Admin.PutAsJsonAsync($"/api/directory/staff/{id}", new { name = "Bea Born", roles = new[] { "staff" }, dateOfBirth = "1980-06-01" })).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync($"/api/directory/staff/{id}", new { name = "Bea Born-Smith", roles = new[] { "staff" } })).EnsureSuccessStatusCode();
        var row = new { id, staff = new { name = "Bea Born-Smith", roles = new[] { "staff", "dsl" } } };
        (await Admin.PostAsJsonAsync("/api/directory/import", new { people = new[] { row } })).EnsureSuccessStatusCode();

        var listed = await Admin.GetFromJsonAsync<JsonElement>($"/api/directory/staff?limit=1&after={Before(id)}");
        var staff = listed.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal("1980-06-01", staff.GetProperty("dateOfBirth").GetString());
    }

    // The id just before this one in the directory's order (PostgreSQL's uuid order: bytes as written), to read a page that starts with it.
    private static Guid Before(Guid id)
    {
        var bytes = Convert.FromHexString(id.ToString("N"));
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i]-- != 0)
            {
                break;
            }
        }
        return Guid.Parse(Convert.ToHexString(bytes));
    }

    // ---------------------------------------------------------------- dates of birth and year groups

    public static TheoryData<string, string> ImpossiblePupils => new()
    {
        { """{"name":"Ann Old","dateOfBirth":"1890-01-01","yearGroup":7}""", "dateOfBirth" },
        { $$"""{"name":"Ann Later","dateOfBirth":"{{DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2):yyyy-MM-dd}}","yearGroup":7}""", "dateOfBirth" },
        { $$"""{"name":"Ann Adult","dateOfBirth":"{{DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-26):yyyy-MM-dd}}","yearGroup":13}""", "dateOfBirth" },
        { """{"name":"Ann Year","dateOfBirth":"2014-03-09","yearGroup":14}""", "yearGroup" },
        { """{"name":"Ann Year","dateOfBirth":"2014-03-09","yearGroup":-2}""", "yearGroup" },
    };

    [Theory]
    [MemberData(nameof(ImpossiblePupils))]
    public async Task A_pupil_s_date_of_birth_and_year_group_are_range_checked_400_naming_the_field_in_a_put_and_in_an_import_row(string pupil, string field)
    {
        var id = Guid.NewGuid();
        var put = await Admin.PutAsync($"/api/directory/pupils/{id}", new StringContent(pupil, System.Text.Encoding.UTF8, "application/json"));
        AssertNamesField(await ProblemAsync(put, HttpStatusCode.BadRequest), field);

        var import = $$"""{"people":[{"id":"{{id}}","pupil":{{pupil}}}]}""";
        var imported = await Admin.PostAsync("/api/directory/import", new StringContent(import, System.Text.Encoding.UTF8, "application/json"));
        AssertNamesField(await ProblemAsync(imported, HttpStatusCode.BadRequest), $"people[0].pupil.{field}");
        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from mt_streams where id = '{id}'"));
    }

    // ---------------------------------------------------------------- the staff list says nothing of allegations

    [Fact]
    public async Task A_new_subject_s_staff_row_is_indistinguishable_in_shape_from_one_the_admin_added()
    {
        var added = Guid.NewGuid();
        await PutStaffAsync(Admin, added, new { name = "Sol Supply", roles = new[] { "staff" }, jobTitle = "Supply teacher (Acme Education agency)" });
        var reported = await Report(api.ClientFor(School.Teacher, "staff"), "/api/allegations", new ReportAllegation.Request(
            "A Year 9 pupil says the supply teacher covering PE messaged her late at night.", HoursAgo(6), false, false,
            NewSubject: new NewStaffMember("Jo Bloggs", "Supply teacher (Acme Education agency)")));
        var subject = (await Get(api.ClientFor(School.Headteacher, ["headteacher", "staff"]), reported.Id)).Subject!.Value;

        var rows = new Dictionary<Guid, JsonElement>();
        Guid? after = null;
        do
        {
            var page = await Admin.GetFromJsonAsync<JsonElement>($"/api/directory/staff?limit=200{(after is { } a ? $"&after={a}" : "")}");
            foreach (var row in page.GetProperty("items").EnumerateArray())
            {
                rows[row.GetProperty("id").GetGuid()] = row;
            }
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetGuid();
        }
        while (after is not null);

        static string Shape(JsonElement row) => string.Join(",", row.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}").Order());
        Assert.Equal(Shape(rows[added]), Shape(rows[subject]));
        Assert.Equal("Supply teacher (Acme Education agency)", rows[added].GetProperty("jobTitle").GetString());
    }
}
