using System.Net;
using System.Net.Http.Json;
using Casework.Cases;
using Casework.Disclosures;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>A pupil's disclosure over HTTP: recorded by anyone (R1), managed by the DSL (R2).</summary>
[Collection(ApiSuite.Name)]
public sealed class DisclosureApiTests(ApiFixture api)
{
    private HttpClient Teacher => api.ClientFor(School.Teacher, "staff");

    private HttpClient Dsl => api.ClientFor(School.Dsl, ["dsl", "staff"]);

    private static RecordDisclosure.Request Disclosure => RecordDisclosure.Request.Example with
    {
        PupilId = School.Year8Pupil,
        DisclosedTo = School.Teacher,
        OccurredAt = HoursAgo(1),
    };

    private static TriageCase.Request Triage => new(RiskLevel.High, "Physical harm at home described in the pupil's own words; refer today.");

    [Fact]
    public async Task R1_anyone_records_a_disclosure_in_the_pupils_words_and_sees_only_their_report()
    {
        var response = await Teacher.PostAsJsonAsync("/api/disclosures", new
        {
            pupilId = School.Year8Pupil,
            disclosedTo = School.Teacher,
            wordsAsSaid = "\"He said if I told anyone he would hurt my little brother.\"",
            about = "self",
            occurredAt = HoursAgo(2),
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadAsync<CaseView>())!;
        Assert.Equal($"/api/cases/{view.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal(CaseVisibility.OwnReport, view.Visibility);
        Assert.Empty(view.AllowedActions);
        Assert.Equal(1, await api.Stored(view, "disclosure-recorded"));
    }

    [Fact]
    public async Task R1_a_disclosure_cannot_have_happened_in_the_future()
    {
        await ReportRefused(Teacher, "/api/disclosures", Disclosure with { OccurredAt = DateTimeOffset.UtcNow.AddHours(2) }, "R1");
    }

    [Fact]
    public async Task R1_a_disclosure_names_the_member_of_staff_the_pupil_told()
    {
        await ReportRefused(Teacher, "/api/disclosures", Disclosure with { DisclosedTo = Guid.NewGuid() }, "R1");
    }

    [Fact]
    public async Task A_disclosure_without_the_pupils_words_is_400_naming_the_field()
    {
        var response = await Teacher.PostAsJsonAsync("/api/disclosures", new
        {
            pupilId = School.Year8Pupil, disclosedTo = School.Teacher, about = "self", occurredAt = HoursAgo(2),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("wordsAsSaid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task R2_the_dsl_triages_a_disclosure()
    {
        var disclosure = await Get(Dsl, (await Report(Teacher, "/api/disclosures", Disclosure)).Id);
        Assert.Contains(disclosure.Deadlines!, d => d.Name == DeadlineNames.DslTriage && !d.Satisfied);

        disclosure = await Ok(Dsl, disclosure, CaseActions.Triage, Triage);

        Assert.Contains(disclosure.Deadlines!, d => d.Name == DeadlineNames.DslTriage && d.Satisfied);
        Assert.Equal(1, await api.Stored(disclosure, "case-triaged"));
    }

    [Fact]
    public async Task R2_a_stale_triage_is_409_and_records_nothing()
    {
        var disclosure = await Get(Dsl, (await Report(Teacher, "/api/disclosures", Disclosure)).Id);
        disclosure = await Ok(Dsl, disclosure, CaseActions.Triage, Triage);

        await Stale(api, Dsl, disclosure, CaseActions.Triage, Triage with { Risk = RiskLevel.Low });
    }

    [Fact]
    public async Task R3_a_triage_of_a_disclosure_carries_a_rationale()
    {
        var disclosure = await Get(Dsl, (await Report(Teacher, "/api/disclosures", Disclosure)).Id);

        await Refused(api, Dsl, disclosure, CaseActions.Triage, Triage with { Rationale = "" }, "R3");
    }

    [Fact]
    public async Task R2_the_teacher_who_recorded_it_may_not_triage_it()
    {
        var disclosure = await Report(Teacher, "/api/disclosures", Disclosure);

        var response = await Act(Teacher, disclosure.Id, CaseActions.Triage, 1, Triage);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await api.ScalarAsync<long>($"select version from mt_streams where id = '{disclosure.Id}'"));
    }

    // ---------------------------------------------------------------- given events, when posted, then events and status

    private static readonly Who TheDsl = new(School.Dsl, "dsl", "staff");

    private static DisclosureRecorded Recorded => new(
        School.Teacher, HoursAgo(2), School.Year8Pupil, School.Teacher, "\"He said if I told anyone he would hurt my little brother.\"",
        DisclosureAbout.Self, null, HoursAgo(3));

    [Fact]
    public async Task R15_given_a_disclosure_referred_to_social_care_when_their_acknowledgement_is_posted_then_200_and_it_is_recorded()
    {
        var given = await api.GivenAsync(Recorded, new CaseReferredToSocialCare("Physical harm at home described by the pupil.", null, HoursAgo(1)));
        var acknowledgement = new RecordReferralAcknowledgement.Request(Agency.ChildrensSocialCare, HoursAgo(0.5), "MASH-2026-0042");

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.RecordReferralAcknowledgement, acknowledgement);

        Assert.True(then.Status == 200, then.ToString());
        Assert.Equal<object>([new ReferralAcknowledged(Agency.ChildrensSocialCare, "MASH-2026-0042", acknowledgement.OccurredAt)], then.Appended);
    }

    [Fact]
    public async Task R15_given_a_disclosure_not_referred_when_an_acknowledgement_is_posted_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Recorded);

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.RecordReferralAcknowledgement, RecordReferralAcknowledgement.Request.Example);

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R15", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R14_given_a_closed_disclosure_when_a_note_is_posted_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Recorded, new CaseClosed("Referred and supported.", "Social care lead the case now."));

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.AddNote, AddNote.Request.Example);

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R14", then.Rule);
        Assert.Empty(then.Appended);
    }
}
