using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Auth;
using Casework.Cases;
using Casework.Registers;
using static Casework.IntegrationTests.Api.AuthorizationKit;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Paging every register and the case register: the cursor carries the sort key of the last row returned and is
/// opaque, so a page starts after it in the register's order whatever has happened to that row since, and it tells
/// nothing of cases the reader may not see. Walked in the second school of the suite, where only this test writes.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class PagingTests(ApiFixture api)
{
    private const string Tenant = ApiFixture.OtherTenant;

    private static readonly string[] Registers =
    [
        CaseRegisters.DslQueue, CaseRegisters.LadoReferrals, CaseRegisters.PoliceReferrals, CaseRegisters.SocialCareReferrals,
        CaseRegisters.ContentRemovals, CaseRegisters.Allegations, CaseRegisters.ParentBreaches, CaseRegisters.Overdue, CaseRegisters.LowLevelConcerns,
    ];

    [Fact]
    public async Task Walking_every_register_one_row_a_page_while_cases_change_finds_each_unchanged_row_exactly_once()
    {
        var teacher = api.ClientFor(School.Teacher, Role.Staff.Name(), Tenant);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name(), Tenant);
        var auditor = api.ClientFor(School.Auditor, Role.Auditor.Name(), Tenant);
        // Concerns told a fortnight ago (their triage overdue), to be met one by one while the registers are walked.
        var waiting = new Queue<Guid>();
        for (var i = 0; i < 40; i++)
        {
            waiting.Enqueue(await ReportAsync(teacher, DateTimeOffset.UtcNow.AddDays(-14 - i)));
        }
        foreach (var name in Registers.Append("cases"))
        {
            var before = await PagesAsync(auditor, name, 200);
            var changed = new HashSet<Guid>();
            var seen = new List<Guid>();
            string? after = null;
            var page = 0;
            do
            {
                var (ids, next) = await PageAsync(auditor, name, 1, after);
                seen.AddRange(ids);
                after = next;
                // Between pages: a deadline met (the case leaves the queue and the overdue register), cases added before
                // and after the cursor, and the case just shown triaged when it waits (it moves in or out of registers).
                switch (page++ % 3)
                {
                    case 0 when waiting.Count > 0:
                        var met = waiting.Dequeue();
                        changed.Add(met);
                        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(met, await ETagOf(dsl, met)))).StatusCode);
                        break;
                    case 1:
                        changed.Add(await ReportAsync(teacher, DateTimeOffset.UtcNow.AddDays(-30)));
                        changed.Add(await ReportAsync(teacher, DateTimeOffset.UtcNow.AddMinutes(-1)));
                        break;
                    default:
                        foreach (var shown in ids.Where(waiting.Contains).ToList())
                        {
                            waiting = new Queue<Guid>(waiting.Where(w => w != shown));
                            changed.Add(shown);
                            Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(shown, await ETagOf(dsl, shown)))).StatusCode);
                        }
                        break;
                }
            }
            while (after is not null && page < 500);

            Assert.True(after is null, $"{name}: the walk did not end");
            var missing = before.Distinct().Where(id => !changed.Contains(id) && seen.Count(s => s == id) != 1).ToList();
            Assert.True(missing.Count == 0, $"{name}: {missing.Count} unchanged cases were not shown exactly once");
            var twice = seen.GroupBy(id => id).Where(g => g.Count() > 1 && !changed.Contains(g.Key)).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"{name}: {twice.Count} unchanged cases were shown twice");
            Assert.True(before.Count == 0 || seen.Count > 0, $"{name}: the walk showed nothing");
        }
    }

    [Fact]
    public async Task A_cursor_is_opaque_and_a_case_id_as_after_is_refused_alike_for_cases_seen_and_unseen()
    {
        var seenCase = await ReportAsync(api.ClientFor(School.Teacher, Role.Staff.Name(), Tenant), DateTimeOffset.UtcNow.AddHours(-1));
        var unseen = (await api.ClientFor(School.Teacher, Role.Staff.Name(), Tenant).PostAsJsonAsync("/api/allegations", new
        {
            account = "A pupil says the teacher messaged her.", occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            indecentImagesFound = false, unsuitableMaterialFound = false, subjectId = School.OtherTeacher,
        })).Headers.Location!.ToString().Split('/')[^1];
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name(), Tenant);
        foreach (var path in new[] { "/api/registers/dsl-queue", "/api/registers/overdue", "/api/cases" })
        {
            var answers = new List<string>();
            foreach (var after in new[] { seenCase.ToString(), unseen, Guid.NewGuid().ToString(), "not-a-cursor" })
            {
                var response = await dsl.GetAsync($"{path}?after={after}");
                var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, $"{path} after={after}");
                AssertNamesField(problem, "after");
                answers.Add(problem.GetProperty("title").GetString()!);
            }
            Assert.Single(answers.Distinct());
        }
    }

    [Fact]
    public async Task Overdue_true_and_false_partition_the_case_register_and_agree_with_each_rows_overdue()
    {
        var teacher = api.ClientFor(School.Teacher, Role.Staff.Name(), Tenant);
        var dsl = api.ClientFor(School.Dsl, Role.Dsl.Name(), Tenant);
        var late = await ReportAsync(teacher, DateTimeOffset.UtcNow.AddDays(-20));
        var onTime = await ReportAsync(teacher, DateTimeOffset.UtcNow.AddMinutes(-5));
        var triaged = await ReportAsync(teacher, DateTimeOffset.UtcNow.AddDays(-20));
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(Triage(triaged, await ETagOf(dsl, triaged)))).StatusCode);

        var all = await RowsAsync(dsl, "");
        var overdue = await RowsAsync(dsl, "&overdue=true");
        var notOverdue = await RowsAsync(dsl, "&overdue=false");

        Assert.Equal(all.Select(r => r.Id).Order(), overdue.Concat(notOverdue).Select(r => r.Id).Order());
        Assert.Empty(overdue.Select(r => r.Id).Intersect(notOverdue.Select(r => r.Id)));
        Assert.All(overdue, r => Assert.True(r.Overdue));
        Assert.All(notOverdue, r => Assert.False(r.Overdue));
        // A case with no open deadline (triaged) is not overdue; the rows' own flag is the deadline rule's comparison.
        Assert.Contains(notOverdue, r => r.Id == triaged && r.NextDeadline is null);
        Assert.Contains(notOverdue, r => r.Id == onTime);
        Assert.Contains(overdue, r => r.Id == late);
        var view = await (await dsl.GetAsync($"/api/cases/{late}")).Content.ReadAsync<CaseView>();
        Assert.Contains(view!.Deadlines!, d => d.Overdue);
    }

    // The case's version as the DSL reads it: a report told of long ago records its missed triage with it (ADR 36).
    private static async Task<string> ETagOf(HttpClient dsl, Guid id) => (await dsl.GetAsync($"/api/cases/{id}")).Headers.ETag!.Tag;

    private static async Task<Guid> ReportAsync(HttpClient teacher, DateTimeOffset receivedAt)
    {
        var response = await teacher.PostAsJsonAsync("/api/concerns", new
        {
            pupils = new[] { new { pupilId = School.Year8Pupil, role = "victim" } },
            category = "cyberbullying",
            account = "Messages in a group chat telling her to leave the school.",
            occurredAt = receivedAt.AddHours(-1),
            receivedAt,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<List<CaseRegisterRow>> RowsAsync(HttpClient client, string query)
    {
        var rows = new List<CaseRegisterRow>();
        string? after = null;
        do
        {
            var response = await client.GetAsync($"/api/cases?limit=200{query}{(after is null ? "" : $"&after={after}")}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var page = (await response.Content.ReadAsync<CaseRegisterPage>())!;
            rows.AddRange(page.Items.Where(r => r.Visibility == CaseVisibility.Full));
            after = page.Next;
        }
        while (after is not null);
        return rows;
    }

    private static async Task<List<Guid>> PagesAsync(HttpClient client, string name, int limit)
    {
        var all = new List<Guid>();
        string? after = null;
        do
        {
            var (ids, next) = await PageAsync(client, name, limit, after);
            all.AddRange(ids);
            after = next;
        }
        while (after is not null);
        return all;
    }

    // The cases one page shows (a case once, however many rows it gives), and the page's cursor.
    private static async Task<(IReadOnlyList<Guid> Ids, string? Next)> PageAsync(HttpClient client, string name, int limit, string? after)
    {
        var path = name == "cases" ? "/api/cases" : $"/api/registers/{name}";
        var response = await client.GetAsync($"{path}?limit={limit}{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {await response.Content.ReadAsStringAsync()}");
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = page.GetProperty("items").EnumerateArray()
            .SelectMany(row => row.TryGetProperty("caseId", out var id) ? [id.GetGuid()]
                : row.TryGetProperty("concerns", out var concerns) ? concerns.EnumerateArray().Select(c => c.GetProperty("caseId").GetGuid())
                : [row.GetProperty("id").GetGuid()])
            .Distinct().ToList();
        var next = page.GetProperty("next");
        return (ids, next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }
}
