using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Cases;
using Casework.Concerns;
using Casework.Http;
using Casework.ParentBreaches;
using Casework.SchoolPolicies;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Issue 16 over HTTP: a school's settings proposed and approved by another person, policy packs loaded in one request,
/// and two schools given the same requests deciding them differently. Each test uses schools of its own, so no other
/// test runs under their settings.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class SchoolPolicyApiTests(ApiFixture api)
{
    private static string NewSchool(string name) => $"{name}-{Guid.NewGuid():N}"[..30];

    private HttpClient As(Guid user, string role, string tenant) => api.ClientFor(user, role == "staff" ? ["staff"] : [role, "staff"], tenant);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>The DSL proposes a pack from today; the chair approves it. Returns the approved view.</summary>
    private async Task<ChangeSchoolPolicy.SchoolPolicyView> AdoptAsync(string tenant, string pack, DateOnly? from = null)
    {
        var proposed = await Read(await As(School.Dsl, "dsl", tenant).PostAsJsonAsync($"/api/school/policy/packs/{pack}/propose",
            new { effectiveFrom = from ?? Today, reason = "The governors adopted the policy." }));
        var proposal = Assert.Single(proposed.Pending);
        Assert.Equal(pack, proposal.Pack);
        return await Read(await api.ClientFor(School.Chair, "chair-of-governors", tenant)
            .PostAsJsonAsync($"/api/school/policy/proposals/{proposal.ProposalId}/approve", new { comment = "Approved at the governors' meeting." }));
    }

    private static async Task<ChangeSchoolPolicy.SchoolPolicyView> Read(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ChangeSchoolPolicy.SchoolPolicyView>(CaseworkJson.Options))!;
    }

    /// <summary>The rule a refusal names, or (<paramref name="property"/> "field") the one field its errors name.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string property)
    {
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return property == "field" ? Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name : problem.GetProperty(property).GetString();
    }

    [Fact]
    public async Task Two_schools_with_different_packs_decide_the_same_staff_cyberbullying_requests_differently_R12()
    {
        var stThomas = NewSchool("st-thomas");
        var cranborne = NewSchool("cranborne");
        var results = new Dictionary<string, HttpStatusCode>();
        foreach (var (tenant, pack) in new[] { (stThomas, "st-thomas"), (cranborne, "cranborne") })
        {
            await School.SeedAsync(api, tenant);
            var adopted = await AdoptAsync(tenant, pack);
            Assert.Equal(1, adopted.InForce!.Version);

            var reported = await Report(As(School.Teacher, "staff", tenant), "/api/parent-breaches", ReportParentBreach.Request.Example with
            {
                ParentId = School.Parent, PupilIds = [School.Year8Pupil], Flags = [MaterialFlag.Abusive], TargetStaffId = School.Teacher, OccurredAt = HoursAgo(3),
            });
            var head = As(School.Headteacher, "headteacher", tenant);
            var view = await Get(head, reported.Id);
            // The report recorded the settings it is under, and the case says where they differ from the default.
            Assert.Equal(1, view.Policy!.Version);
            Assert.Equal(pack == "st-thomas", view.Policy.Differences.Any(d => d.Setting == "staff-cyberbullying-police"));
            Assert.Equal(1, await api.Stored(view, "school-policy-applied"));

            view = await Ok(head, view, CaseActions.RecordVictimWishes, RecordVictimWishes.Request.Example with { WantsPolice = false, OccurredAt = HoursAgo(1) });
            var refer = await Act(head, view.Id, CaseActions.ReferToPolice, view.Version!.Value,
                new ReferToPolice.Request("Abusive posts about a member of staff.", HoursAgo(0.5), null));
            results[pack] = refer.StatusCode;
        }
        // St Thomas 8.4: the police are told whatever the victim wishes; Cranborne 2.8.5: the victim decides (R12).
        Assert.Equal(HttpStatusCode.OK, results["st-thomas"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, results["cranborne"]);
    }

    [Fact]
    public async Task Two_schools_with_different_packs_decide_the_same_sharing_nudes_requests_differently_R9()
    {
        var stThomas = NewSchool("st-thomas");
        var clarendon = NewSchool("clarendon");
        var results = new Dictionary<string, (HttpStatusCode Status, string Body)>();
        foreach (var (tenant, pack) in new[] { (stThomas, "st-thomas"), (clarendon, "clarendon") })
        {
            await School.SeedAsync(api, tenant);
            await AdoptAsync(tenant, pack);
            var reported = await Report(As(School.Teacher, "staff", tenant), "/api/concerns", ReportConcern.Request.Example with
            {
                Pupils = [new PupilInvolved(School.Year8Pupil, PupilRole.Subject)], Category = ConcernCategory.SharingNudes, OccurredAt = HoursAgo(3),
            });
            var dsl = As(School.Dsl, "dsl", tenant);
            var view = await Ok(dsl, await Get(dsl, reported.Id), CaseActions.AssessUkcisCriteria,
                new AssessNudesSharing.Request([], false, "Two Year 8 pupils, consensual, no coercion, no adult."));
            var response = await Act(dsl, view.Id, CaseActions.RecordDecision, view.Version!.Value,
                new RecordDecision.Request(CaseDecision.HandleInSchool, "No UKCIS criterion holds; avoid criminalising them."));
            results[pack] = (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, results["clarendon"].Status);
        // St Thomas 9.1: every incident to the police and the parents; the refusal says so.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, results["st-thomas"].Status);
        Assert.Contains("police and the parents", results["st-thomas"].Body);
    }

    [Fact]
    public async Task A_change_is_proposed_by_one_person_and_approved_by_another_with_the_heads_or_chairs_role_S4()
    {
        var tenant = NewSchool("approvals");
        await School.SeedAsync(api, tenant);
        var head = As(School.Headteacher, "headteacher", tenant);
        var proposed = await Read(await head.PostAsJsonAsync("/api/school/policy/packs/clarendon/propose",
            new { effectiveFrom = Today, reason = "Adopted by governors." }));
        var id = Assert.Single(proposed.Pending).ProposalId;

        // Not the proposer, not the DSL.
        Assert.Equal("S4", await ProblemAsync(await head.PostAsJsonAsync($"/api/school/policy/proposals/{id}/approve", new { }), HttpStatusCode.Forbidden, "rule"));
        Assert.Equal("S4", await ProblemAsync(await As(School.Dsl, "dsl", tenant).PostAsJsonAsync($"/api/school/policy/proposals/{id}/approve", new { }), HttpStatusCode.Forbidden, "rule"));
        Assert.Null((await Read(await head.GetAsync("/api/school/policy"))).InForce);

        var rejected = await Read(await api.ClientFor(School.Chair, "chair-of-governors", tenant)
            .PostAsJsonAsync($"/api/school/policy/proposals/{id}/reject", new { reason = "Section 8 not yet reviewed." }));
        Assert.Empty(rejected.Pending);
        Assert.Null(rejected.InForce);
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsJsonAsync($"/api/school/policy/proposals/{id}/approve", new { })).StatusCode);

        // Auditors read the settings, and the audit trail names the stream as the school's.
        var auditor = api.ClientFor(School.Auditor, "auditor", tenant);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/school/policy")).StatusCode);
        var trail = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/events?stream={SchoolPolicy.StreamId(tenant)}");
        Assert.Equal(["school-policy-proposed", "school-policy-rejected"], trail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.All(trail.GetProperty("items").EnumerateArray(), e => Assert.Equal("school", e.GetProperty("streamType").GetString()));
        // A teacher reads no settings.
        Assert.Equal(HttpStatusCode.Forbidden, (await As(School.Teacher, "staff", tenant).GetAsync("/api/school/policy")).StatusCode);
    }

    [Fact]
    public async Task Settings_weaker_than_statutory_guidance_or_malformed_are_refused_naming_the_rule_or_field()
    {
        var tenant = NewSchool("weaker");
        var dsl = As(School.Dsl, "dsl", tenant);
        var weaker = PolicyPacks.Find("rainow")!.Settings with { Deadlines = PolicyPacks.Find("rainow")!.Settings.Deadlines with { LadoReferralWorkingDays = 3 } };
        Assert.Equal("R5", await ProblemAsync(await dsl.PostAsync("/api/school/policy/proposals",
            JsonContent.Create(new ChangeSchoolPolicy.ProposeRequest(weaker, Today, "Longer."), options: CaseworkJson.Options)), HttpStatusCode.UnprocessableEntity, "rule"));
        Assert.Equal("settings.deadlines.contentRemovalWaitingWorkingDays", await ProblemAsync(await dsl.PostAsync("/api/school/policy/proposals",
            JsonContent.Create(new ChangeSchoolPolicy.ProposeRequest(weaker with { Deadlines = weaker.Deadlines with { LadoReferralWorkingDays = 1, ContentRemovalWaitingWorkingDays = 0 } }, Today, "None."),
                options: CaseworkJson.Options)), HttpStatusCode.BadRequest, "field"));
        Assert.Equal("settings.lowLevelConcernYearsAfterLeaving", await ProblemAsync(await dsl.PostAsync("/api/school/policy/proposals",
            JsonContent.Create(new ChangeSchoolPolicy.ProposeRequest(PolicyPacks.Find("rainow")!.Settings with { LowLevelConcernYearsAfterLeaving = -1 }, Today, "Shorter."),
                options: CaseworkJson.Options)), HttpStatusCode.BadRequest, "field"));
        Assert.Equal("pack", await ProblemAsync(await dsl.PostAsJsonAsync("/api/school/policy/packs/hogwarts/propose",
            new { effectiveFrom = Today, reason = "r" }), HttpStatusCode.NotFound, "field"));
        Assert.Equal("settings", await ProblemAsync(await dsl.PostAsJsonAsync("/api/school/policy/proposals",
            new { effectiveFrom = Today, reason = "r" }), HttpStatusCode.BadRequest, "field"));
        Assert.Equal("S5", await ProblemAsync(await dsl.PostAsJsonAsync("/api/school/policy/packs/rainow/propose",
            new { effectiveFrom = Today.AddDays(-3), reason = "r" }), HttpStatusCode.UnprocessableEntity, "rule"));
        // Nothing was stored by any of them.
        Assert.Equal(0L, await api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{SchoolPolicy.StreamId(tenant)}'"));
    }

    [Fact]
    public async Task A_change_from_a_later_day_leaves_todays_reports_under_the_settings_in_force_today()
    {
        var tenant = NewSchool("later");
        await School.SeedAsync(api, tenant);
        var adopted = await AdoptAsync(tenant, "st-thomas", Today.AddDays(7));
        Assert.Null(adopted.InForce);
        Assert.Equal(1, Assert.Single(adopted.Versions).Version);

        var reported = await Report(As(School.Teacher, "staff", tenant), "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(School.Year8Pupil, PupilRole.Victim)], OccurredAt = HoursAgo(3),
        });
        var view = await Get(As(School.Dsl, "dsl", tenant), reported.Id);
        Assert.Null(view.Policy);
        Assert.Equal(0, await api.Stored(view, "school-policy-applied"));
    }

    [Fact]
    public async Task A_teacher_reads_the_categories_the_school_records_and_a_disclosure_under_another_is_refused_naming_its_category_S7()
    {
        var tenant = NewSchool("categories");
        await School.SeedAsync(api, tenant);
        var teacher = As(School.Teacher, "staff", tenant);
        Assert.Equal(Enum.GetValues<ConcernCategory>(),
            (await teacher.GetFromJsonAsync<ChangeSchoolPolicy.ReportCategories>("/api/school/categories", CaseworkJson.Options))!.Categories);

        ConcernCategory[] own = [ConcernCategory.Cyberbullying, ConcernCategory.SharingNudes, ConcernCategory.Other];
        var proposed = await Read(await As(School.Dsl, "dsl", tenant).PostAsync("/api/school/policy/proposals", JsonContent.Create(
            new ChangeSchoolPolicy.ProposeRequest(PolicyPacks.Find("rainow")!.Settings with { Categories = [.. own] }, Today, "Our own list."), options: CaseworkJson.Options)));
        await Read(await api.ClientFor(School.Chair, "chair-of-governors", tenant)
            .PostAsJsonAsync($"/api/school/policy/proposals/{Assert.Single(proposed.Pending).ProposalId}/approve", new { comment = "Approved." }));

        Assert.Equal(own, (await teacher.GetFromJsonAsync<ChangeSchoolPolicy.ReportCategories>("/api/school/categories", CaseworkJson.Options))!.Categories);
        var disclosure = Disclosures.RecordDisclosure.Request.Example with { PupilId = School.Year6Pupil, DisclosedTo = School.Teacher, OccurredAt = HoursAgo(1) };
        Assert.Equal("category", await ProblemAsync(await teacher.PostAsync("/api/disclosures", JsonContent.Create(disclosure, options: CaseworkJson.Options)),
            HttpStatusCode.UnprocessableEntity, "field"));
        Assert.Equal(HttpStatusCode.Created, (await teacher.PostAsync("/api/disclosures",
            JsonContent.Create(disclosure with { Category = ConcernCategory.Other }, options: CaseworkJson.Options))).StatusCode);
    }

    [Fact]
    public async Task The_five_policy_packs_are_listed_with_the_clauses_they_come_from()
    {
        var packs = await As(School.Dsl, "dsl", ApiFixture.Tenant).GetFromJsonAsync<JsonElement>("/api/school/policy/packs");
        Assert.Equal(["clarendon", "cranborne", "rainow", "sladefield", "st-thomas"], packs.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.All(packs.EnumerateArray(), p => Assert.NotEqual(0, p.GetProperty("clauses").GetArrayLength()));
    }
}
