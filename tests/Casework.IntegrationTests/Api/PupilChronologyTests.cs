using System.Net;
using System.Net.Http.Json;
using Casework.Allegations;
using Casework.Auth;
using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.Http;
using Casework.ParentBreaches;
using Casework.Pupils;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>DOMAIN.md "pupil chronology": every event touching a pupil, across cases, in occurred-at order, for the DSL and auditors.</summary>
[Collection(ApiSuite.Name)]
public sealed class PupilChronologyTests(ApiFixture api)
{
    private HttpClient Dsl => api.ClientFor(School.Dsl, Role.Dsl.Name());

    private HttpClient Teacher => api.ClientFor(School.Teacher, Role.Staff.Name());

    /// <summary>A pupil of this test alone, so that its chronology holds only what the test wrote.</summary>
    private async Task<Guid> NewPupil(string name = "Nia New")
    {
        var pupil = Guid.NewGuid();
        var response = await api.ClientFor(School.Admin, Role.Admin.Name()).PutAsJsonAsync($"/api/directory/pupils/{pupil}",
            new { name, dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12), yearGroup = 7 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return pupil;
    }

    private Task<CaseView> Concern(Guid pupil, double hoursAgo) =>
        Report(Teacher, "/api/concerns", ReportConcern.Request.Example with { Pupils = [new PupilInvolved(pupil, PupilRole.Victim)], OccurredAt = HoursAgo(hoursAgo) });

    private static async Task<PupilChronologyPage> Page(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadAsync<PupilChronologyPage>())!;
    }

    [Fact]
    public async Task The_dsl_reads_every_event_touching_the_pupil_across_cases_in_the_order_it_happened()
    {
        var pupil = await NewPupil();
        var later = await Concern(pupil, hoursAgo: 5);
        var earlier = await Concern(pupil, hoursAgo: 30);
        await Ok(Dsl, await Get(Dsl, later.Id), CaseActions.Triage, TriageCase.Request.Example);
        await Concern(await NewPupil("Someone Else"), hoursAgo: 10);

        var chronology = await Page(Dsl, $"/api/pupils/{pupil}/chronology");

        Assert.Equal("Nia New", chronology.Name);
        Assert.Equal([(earlier.Id, "concern-reported"), (later.Id, "concern-reported"), (later.Id, "case-triaged")],
            chronology.Items.Select(i => (i.CaseId, i.Entry.Type)));
        Assert.Equal(chronology.Items.Select(i => i.Entry.OccurredAt).Order(), chronology.Items.Select(i => i.Entry.OccurredAt));
        Assert.StartsWith("Concern reported (cyberbullying) about Nia New (victim)", chronology.Items[0].Entry.What);
        Assert.Equal("Dana Lead", chronology.Items[2].Entry.Who);
        Assert.Null(chronology.Next);
    }

    [Fact]
    public async Task Each_case_shown_is_an_access_log_row()
    {
        var pupil = await NewPupil();
        var first = await Concern(pupil, 3);
        var second = await Concern(pupil, 2);

        await Page(api.ClientFor(School.Auditor, Role.Auditor.Name()), $"/api/pupils/{pupil}/chronology");

        foreach (var shown in new[] { first.Id, second.Id })
        {
            Assert.Equal("chronology", await api.ScalarAsync<string>($"select data->>'how' from mt_doc_case_reads where cases @> array['{shown}'::uuid]"));
        }
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var pupil = await NewPupil();
        for (var i = 0; i < 5; i++)
        {
            await Concern(pupil, 10 - i);
        }

        var first = await Page(Dsl, $"/api/pupils/{pupil}/chronology?limit=2");
        var second = await Page(Dsl, $"/api/pupils/{pupil}/chronology?limit=2&after={first.Next}");
        var third = await Page(Dsl, $"/api/pupils/{pupil}/chronology?limit=2&after={second.Next}");

        var all = await Page(Dsl, $"/api/pupils/{pupil}/chronology");
        Assert.Equal(all.Items, [.. first.Items, .. second.Items, .. third.Items], new SameEntry());
        Assert.Single(third.Items);
        Assert.Null(third.Next);
        AssertNamesField(await ProblemAsync(await Dsl.GetAsync($"/api/pupils/{pupil}/chronology?after=yesterday"), HttpStatusCode.BadRequest), "after");
        AssertNamesField(await ProblemAsync(await Dsl.GetAsync($"/api/pupils/{pupil}/chronology?limit=0"), HttpStatusCode.BadRequest), "limit");
    }

    [Fact]
    public async Task As_at_an_instant_it_shows_the_events_recorded_by_then_and_the_name_the_directory_held()
    {
        var pupil = await NewPupil("Nia Old");
        var concern = await Concern(pupil, 4);
        var then = api.Clock.GetUtcNow();
        api.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await Ok(Dsl, await Get(Dsl, concern.Id), CaseActions.Triage, TriageCase.Request.Example);
        await api.ClientFor(School.Admin, Role.Admin.Name()).PutAsJsonAsync($"/api/directory/pupils/{pupil}",
            new { name = "Nia Renamed", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-12), yearGroup = 7 });

        var past = await Page(Dsl, $"/api/pupils/{pupil}/chronology?asOf={Uri.EscapeDataString(then.ToString("O"))}");
        var now = await Page(Dsl, $"/api/pupils/{pupil}/chronology");

        Assert.Equal("Nia Old", past.Name);
        Assert.Equal(["concern-reported"], past.Items.Select(i => i.Entry.Type));
        Assert.Contains("Nia Old (victim)", past.Items[0].Entry.What);
        Assert.Equal("Nia Renamed", now.Name);
        Assert.Equal(2, now.Items.Count);
    }

    [Fact]
    public async Task Only_the_dsl_and_auditors_read_it_and_an_unknown_pupil_is_404()
    {
        var pupil = await NewPupil();
        await Concern(pupil, 2);
        var path = $"/api/pupils/{pupil}/chronology";

        foreach (var (user, role) in new[] { (School.Teacher, Role.Staff.Name()), (School.Headteacher, Role.Headteacher.Name()),
                     (School.Lado, Role.LadoLiaison.Name()), (School.Admin, Role.Admin.Name()), (School.Chair, Role.ChairOfGovernors.Name()) })
        {
            await ProblemAsync(await api.ClientFor(user, role).GetAsync(path), HttpStatusCode.Forbidden, role);
        }
        Assert.Single((await Page(api.ClientFor(School.Auditor, Role.Auditor.Name()), path)).Items);
        await ProblemAsync(await Dsl.GetAsync($"/api/pupils/{Guid.NewGuid()}/chronology"), HttpStatusCode.NotFound);
        await ProblemAsync(await Dsl.GetAsync($"/api/pupils/{School.Teacher}/chronology"), HttpStatusCode.NotFound);
        // Another school's DSL knows no such pupil.
        await ProblemAsync(await api.ClientFor(School.Dsl, Role.Dsl.Name(), ApiFixture.OtherTenant).GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_disclosure_about_the_pupil_is_in_it_and_a_case_about_another_pupil_is_not()
    {
        var pupil = await NewPupil();
        var disclosure = await Report(Teacher, "/api/disclosures", RecordDisclosure.Request.Example with { PupilId = pupil, DisclosedTo = School.Teacher, OccurredAt = HoursAgo(2) });
        await Concern(School.Year8Pupil, 1);

        var chronology = await Page(Dsl, $"/api/pupils/{pupil}/chronology");

        Assert.Equal([disclosure.Id], chronology.Items.Select(i => i.CaseId));
        Assert.Equal("disclosure", chronology.Items[0].CaseKind);
    }

    [Fact]
    public async Task A_parents_breach_naming_the_pupil_is_in_their_chronology_for_the_dsl()
    {
        var pupil = await NewPupil("Pia Posted");
        var breach = await Report(Teacher, "/api/parent-breaches", ReportParentBreach.Request.Example with
        {
            ParentId = School.Parent, PupilIds = [pupil], Flags = [], OccurredAt = HoursAgo(3), TargetStaffId = null,
        });
        Assert.Equal([pupil], (await Get(Dsl, breach.Id)).Pupils);

        var chronology = await Page(Dsl, $"/api/pupils/{pupil}/chronology");

        Assert.Equal([(breach.Id, "parent-breach", "parent-breach-reported")], chronology.Items.Select(i => (i.CaseId, i.CaseKind, i.Entry.Type)));
        Assert.StartsWith("Breach of the social-media code reported: Pat Parent (parent of Pia Posted)", chronology.Items[0].Entry.What);
    }

    private sealed class SameEntry : IEqualityComparer<ChronologyEntry>
    {
        public bool Equals(ChronologyEntry? x, ChronologyEntry? y) => x?.CaseId == y?.CaseId && x?.Entry.Position == y?.Entry.Position;

        public int GetHashCode(ChronologyEntry obj) => obj.CaseId.GetHashCode();
    }
    [Fact]
    public async Task R4_an_allegation_naming_a_child_is_in_their_chronology_only_for_those_who_see_it_in_full()
    {
        var pupil = await NewPupil("Ada Allegation");
        var reported = await Report(Teacher, "/api/allegations", new ReportAllegation.Request(
            "Ada says the teacher grabbed her arm in the corridor.", HoursAgo(3), false, false, SubjectId: School.OtherTeacher,
            PupilIds: [pupil], OtherChildren: "A Year 9 boy from St Mary's who saw it"));
        var head = api.ClientFor(School.Headteacher, [Role.Headteacher.Name(), Role.Staff.Name()]);
        var view = await Get(head, reported.Id);
        Assert.Equal([pupil], view.Pupils);

        // The DSL does not manage allegations: nothing of it in the chronology until the head escalates it.
        Assert.Empty((await Page(Dsl, $"/api/pupils/{pupil}/chronology")).Items);
        var auditor = await Page(api.ClientFor(School.Auditor, Role.Auditor.Name()), $"/api/pupils/{pupil}/chronology");
        Assert.Contains(auditor.Items, i => i.CaseId == reported.Id && i.Entry.What.Contains("children involved: Ada Allegation, A Year 9 boy from St Mary's who saw it"));
        // The subject never sees it, whatever role they also hold.
        var subject = await Page(api.ClientFor(School.OtherTeacher, [Role.Staff.Name(), Role.Auditor.Name()]), $"/api/pupils/{pupil}/chronology");
        Assert.DoesNotContain(subject.Items, i => i.CaseId == reported.Id);

        view = await Ok(head, view, CaseActions.AssessHarmThreshold, AssessHarmThreshold.Request.Example);
        await Ok(head, view, CaseActions.EscalateToDsl, EscalateToDsl.Request.Example);
        Assert.Contains((await Page(Dsl, $"/api/pupils/{pupil}/chronology")).Items, i => i.CaseId == reported.Id);
    }

    [Fact]
    public async Task R1_an_allegation_naming_a_child_the_directory_does_not_hold_by_id_is_refused() =>
        await ReportRefused(Teacher, "/api/allegations", new ReportAllegation.Request(
            "A pupil says the teacher shouted at her.", HoursAgo(3), false, false, SubjectId: School.OtherTeacher, PupilIds: [Guid.NewGuid()]), "R1");
}
