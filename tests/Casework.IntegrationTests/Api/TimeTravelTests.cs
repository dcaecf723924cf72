using System.Net;
using System.Net.Http.Json;
using Casework.Cases;
using Casework.Concerns;
using Casework.Http;
using Casework.Pupils;
using Casework.Registers;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// DOMAIN.md "Time travel": a case taken through several steps, then every read of case content (the case view,
/// the timeline, the pupil's chronology and the registers) asked as at the instant after each step answers as
/// the school knew it then, the directory included (a pupil renamed later is named as they were).
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class TimeTravelTests(ApiFixture api)
{
    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    private sealed record Step(DateTimeOffset At, long Version, string Status, bool InQueue, bool Referred, bool Acknowledged, string PupilName);

    // Events are stamped by the service's clock (ADR 18): the instant after a step is its reading, and the next
    // step is stamped after it because the clock is moved on, not because the test waited.
    private DateTimeOffset Instant()
    {
        var at = api.Clock.GetUtcNow();
        api.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return at;
    }

    private async Task Rename(Guid pupil, string name)
    {
        var response = await api.ClientFor(School.Admin, "admin").PutAsJsonAsync($"/api/directory/pupils/{pupil}",
            new { name, dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12), yearGroup = 7 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_read_of_a_case_as_at_each_past_step_answers_as_the_school_knew_it_then()
    {
        var pupil = Guid.NewGuid();
        await Rename(pupil, "Sami Before");
        var view = await Get(Dsl, (await Report(api.ClientFor(School.Teacher, "staff"), "/api/concerns", new ReportConcern.Request(
            [new PupilInvolved(pupil, PupilRole.Victim)], ConcernCategory.Cyberbullying, "Pushed out of the class group chat.", HoursAgo(1)))).Id);
        var steps = new List<Step> { new(Instant(), 1, "open", true, false, false, "Sami Before") };

        view = await Ok(Dsl, view, CaseActions.Triage, TriageCase.Request.Example);
        steps.Add(new(Instant(), 2, "open", false, false, false, "Sami Before"));
        await Rename(pupil, "Sami After");
        view = await Ok(Dsl, view, CaseActions.ReferToSocialCare, ReferToSocialCare.Request.Example with { OccurredAt = HoursAgo(0.5) });
        steps.Add(new(Instant(), 3, "open", false, true, false, "Sami After"));
        view = await Ok(Dsl, view, CaseActions.RecordReferralAcknowledgement,
            RecordReferralAcknowledgement.Request.Example with { By = Agency.ChildrensSocialCare, OccurredAt = HoursAgo(0.2) });
        steps.Add(new(Instant(), 4, "open", false, true, true, "Sami After"));
        await Ok(Dsl, view, CaseActions.Close, CloseCase.Request.Example);
        steps.Add(new(Instant(), 5, "closed", false, true, true, "Sami After"));

        foreach (var step in steps)
        {
            var asOf = "asOf=" + Uri.EscapeDataString(step.At.ToString("O"));
            var then = await Read<CaseView>($"/api/cases/{view.Id}?{asOf}");
            Assert.Equal((step.Version, step.Status), (then.Version!.Value, then.Status!));

            var timeline = await Read<TimelineExport>($"/api/cases/{view.Id}/timeline?{asOf}");
            Assert.Equal(step.Version, timeline.Count);
            Assert.Equal(Enumerable.Range(1, (int)step.Version).Select(v => (long)v), timeline.Entries.Select(e => e.Position));

            var chronology = await Read<PupilChronologyPage>($"/api/pupils/{pupil}/chronology?{asOf}");
            Assert.Equal(step.Version, chronology.Items.Count(e => e.CaseId == view.Id));
            Assert.Equal(step.PupilName, chronology.Name);

            var queue = await ReadAll<DslQueueRow>(CaseRegisters.DslQueue, asOf);
            Assert.Equal(step.InQueue, queue.Any(r => r.CaseId == view.Id));
            var referrals = await ReadAll<ReferralRow>(CaseRegisters.SocialCareReferrals, asOf);
            Assert.Equal(step.Referred, referrals.Any(r => r.CaseId == view.Id));
            if (step.Referred)
            {
                var referral = Assert.Single(referrals, r => r.CaseId == view.Id);
                Assert.Equal(step.Acknowledged, referral.Acknowledged);
                Assert.Equal(step.PupilName, Assert.Single(referral.People).Name);
            }
        }
        var before = "asOf=" + Uri.EscapeDataString(view.ReportedAt.AddSeconds(-1).ToString("O"));
        Assert.Equal(HttpStatusCode.NotFound, (await Dsl.GetAsync($"/api/cases/{view.Id}?{before}")).StatusCode);
    }

    private async Task<T> Read<T>(string path)
    {
        var response = await Dsl.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(CaseworkJson.Options))!;
    }

    private async Task<List<TRow>> ReadAll<TRow>(string register, string asOf)
    {
        var rows = new List<TRow>();
        for (var page = await Read<RegisterPage<TRow>>($"/api/registers/{register}?limit=200&{asOf}"); ;
             page = await Read<RegisterPage<TRow>>($"/api/registers/{register}?limit=200&{asOf}&after={page.Next}"))
        {
            rows.AddRange(page.Items);
            if (page.Next is null)
            {
                return rows;
            }
        }
    }
}
