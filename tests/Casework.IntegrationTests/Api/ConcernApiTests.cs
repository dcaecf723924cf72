using System.Net;
using System.Net.Http.Json;
using Casework.Cases;
using Casework.Concerns;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

[Collection(ApiSuite.Name)]
public sealed class ConcernApiTests(ApiFixture api)
{
    private static object Concern(Guid pupil) => new
    {
        pupils = new[] { new { pupilId = pupil, role = "victim" } },
        category = "cyberbullying",
        account = "Messages in a group chat telling her to leave the school.",
        occurredAt = DateTimeOffset.UtcNow.AddHours(-3),
    };

    private async Task<CaseView> Report()
    {
        var response = await api.ClientFor(School.Teacher, "staff").PostAsJsonAsync("/api/concerns", Concern(School.Year8Pupil));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadAsync<CaseView>())!;
    }

    [Fact]
    public async Task R1_anyone_reports_a_concern_and_gets_201_with_location_and_etag()
    {
        var response = await api.ClientFor(School.Teacher, "staff").PostAsJsonAsync("/api/concerns", Concern(School.Year8Pupil));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadAsync<CaseView>())!;
        Assert.Equal($"/api/cases/{view.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal(CaseVisibility.OwnReport, view.Visibility);
    }

    [Fact]
    public async Task R2_the_dsl_triages_at_the_version_read()
    {
        var concern = await Report();
        var dsl = api.ClientFor(School.Dsl, "dsl");

        var triage = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{concern.Id}/triage")
        {
            Content = JsonContent.Create(new { risk = "medium", rationale = "Peers named; parents to be told." }),
            Headers = { { "If-Match", "\"1\"" } },
        };
        var response = await dsl.SendAsync(triage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        Assert.Equal(2, (await response.Content.ReadAsync<CaseView>())!.Version);
    }

    [Fact]
    public async Task The_case_view_gives_its_header_the_risk_and_the_category_but_not_to_the_reporter()
    {
        var concern = await Report();
        Assert.Null(concern.Risk);
        Assert.Null(concern.Category);
        var dsl = api.ClientFor(School.Dsl, "dsl");
        Assert.Equal(HttpStatusCode.OK, (await dsl.SendAsync(AuthorizationKit.Triage(concern.Id, "\"1\"", risk: "high"))).StatusCode);

        var seen = (await (await dsl.GetAsync($"/api/cases/{concern.Id}")).Content.ReadAsync<CaseView>())!;
        Assert.Equal(RiskLevel.High, seen.Risk);
        Assert.Equal(ConcernCategory.Cyberbullying, seen.Category);
        var reporter = (await (await api.ClientFor(School.Teacher, "staff").GetAsync($"/api/cases/{concern.Id}")).Content.ReadAsync<CaseView>())!;
        Assert.Null(reporter.Risk);
        Assert.Null(reporter.Category);
    }

    [Fact]
    public async Task Each_deadline_says_the_London_day_it_ends_with_the_school_day_before_its_exclusive_instant()
    {
        var concern = await Report();
        var view = (await (await api.ClientFor(School.Dsl, "dsl").GetAsync($"/api/cases/{concern.Id}")).Content.ReadAsync<CaseView>())!;

        var triage = view.Deadlines!.Single(d => d.Name == "dsl-triage");
        var london = TimeZoneInfo.ConvertTime(triage.Due, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Equal(TimeSpan.Zero, london.TimeOfDay);
        Assert.Equal(DateOnly.FromDateTime(london.DateTime).AddDays(-1), triage.EndsOn);
        Assert.True(Casework.Calendar.WorkingDayCalendar.EnglandAndWales.IsWorkingDay(triage.EndsOn));
    }

    /// <summary>A teacher reports that a pupil shared a nude; the view is the DSL's.</summary>
    private async Task<CaseView> Nude(Guid pupil)
    {
        var reported = await CaseClient.Report(api.ClientFor(School.Teacher, "staff"), "/api/concerns", ReportConcern.Request.Example with
        {
            Pupils = [new PupilInvolved(pupil, PupilRole.Subject)],
            Category = ConcernCategory.SharingNudes,
            Account = "A pupil told me she was sent a nude photo of this pupil in a Snapchat group last night.",
            OccurredAt = DateTimeOffset.UtcNow.AddHours(-3),
        });
        // Triaged, as every concern is before it may close (R2): what these tests close on is R9.
        var dsl = api.ClientFor(School.Dsl, "dsl");
        return await Ok(dsl, await Get(dsl, reported.Id), CaseActions.Triage, TriageCase.Request.Example);
    }

    private static AssessNudesSharing.Request NoCriterion => new([], false, "Sent to one classmate of the same age, no adult involved, no pressure described.");

    [Fact]
    public async Task R9_the_dsl_assesses_a_nudes_case_against_the_ukcis_criteria()
    {
        var dsl = api.ClientFor(School.Dsl, "dsl");

        var assessed = await Ok(dsl, await Nude(School.Year8Pupil), CaseActions.AssessUkcisCriteria, NoCriterion);

        Assert.Equal(1, await api.Stored(assessed, "nudes-sharing-assessed"));
        Assert.Contains(CaseAction.RecordDecision, assessed.AllowedActions);
    }

    [Fact]
    public async Task R9_the_ukcis_criteria_apply_only_to_sharing_nudes()
    {
        var dsl = api.ClientFor(School.Dsl, "dsl");
        var cyberbullying = await Get(dsl, (await Report()).Id);

        await Refused(api, dsl, cyberbullying, CaseActions.AssessUkcisCriteria, NoCriterion, "R9");
    }

    [Fact]
    public async Task R9_a_stale_ukcis_assessment_is_409_and_records_nothing()
    {
        var dsl = api.ClientFor(School.Dsl, "dsl");
        var nude = await Ok(dsl, await Nude(School.Year8Pupil), CaseActions.Triage, new TriageCase.Request(RiskLevel.Medium, "Image deleted; pupil supported."));

        await Stale(api, dsl, nude, CaseActions.AssessUkcisCriteria, NoCriterion);
    }

    [Fact]
    public async Task R9_with_no_ukcis_criterion_the_dsl_handles_it_in_school_and_closes()
    {
        var dsl = api.ClientFor(School.Dsl, "dsl");
        var nude = await Ok(dsl, await Nude(School.Year8Pupil), CaseActions.AssessUkcisCriteria, NoCriterion);

        nude = await Ok(dsl, nude, CaseActions.RecordDecision, RecordDecision.Request.Example);
        nude = await Ok(dsl, nude, CaseActions.Close, CloseCase.Request.Example);

        Assert.Equal("closed", nude.Status);
    }

    [Fact]
    public async Task R9_a_year_6_nude_with_sexual_acts_described_must_be_referred_before_closing()
    {
        // UKCIS criterion 4: the imagery involves sexual acts and a Year 6 pupil (11) in it is under 13, whatever the DSL ticks,
        // so the case leaves school. (St Thomas 9.1's "police and parents always" is the school's setting, issue 16 item 4.)
        var dsl = api.ClientFor(School.Dsl, "dsl");
        var nude = await Ok(dsl, await Nude(School.Year6Pupil), CaseActions.AssessUkcisCriteria, NoCriterion with { SexualActs = true });
        var assessment = (await Timeline(dsl, nude.Id)).Single(e => e.Type == "nudes-sharing-assessed");
        Assert.Contains("pupil-under-thirteen", assessment.Data.GetProperty("criteriaMet").EnumerateArray().Select(c => c.GetString()));
        Assert.True(assessment.Data.GetProperty("sexualActs").GetBoolean());
        Assert.Contains("sexual acts involving a pupil under 13", assessment.What);

        var screenshot = new RecordEvidence.Request(EvidenceKind.Screenshot, "Snapchat group 'Year 6 squad'", DateTimeOffset.UtcNow.AddHours(-20),
            DateTimeOffset.UtcNow.AddHours(-2), "Screenshot of the image, shown by a classmate.");
        await Refused(api, dsl, nude, CaseActions.RecordEvidence, screenshot, "R9");
        await Refused(api, dsl, nude, CaseActions.RecordDecision, RecordDecision.Request.Example, "R9");
        await Refused(api, dsl, nude, CaseActions.Close, CloseCase.Request.Example, "R9");

        nude = await Ok(dsl, nude, CaseActions.RecordEvidence, screenshot with
        {
            Kind = EvidenceKind.WrittenRecord,
            Description = "Written description of what the classmate says she saw; the image was not viewed or copied.",
        });
        nude = await Ok(dsl, nude, CaseActions.ReferToSocialCare, ReferToSocialCare.Request.Example with { OccurredAt = DateTimeOffset.UtcNow.AddHours(-1) });
        nude = await Ok(dsl, nude, CaseActions.Close, CloseCase.Request.Example);

        Assert.Equal("closed", nude.Status);
        Assert.Equal(1, await api.Stored(nude, "case-referred-to-social-care"));
        Assert.Equal(1, await api.Stored(nude, "case-closed"));
    }

    [Fact]
    public async Task R9_a_year_6_nude_with_no_sexual_acts_described_may_be_handled_in_school_and_closed()
    {
        // UKCIS and Clarendon §8: an 11-year-old's self-generated image, no sexual act described, no other criterion: the DSL's discretion.
        var dsl = api.ClientFor(School.Dsl, "dsl");
        var nude = await Ok(dsl, await Nude(School.Year6Pupil), CaseActions.AssessUkcisCriteria, NoCriterion);
        var assessment = (await Timeline(dsl, nude.Id)).Single(e => e.Type == "nudes-sharing-assessed");
        Assert.Empty(assessment.Data.GetProperty("criteriaMet").EnumerateArray());
        Assert.False(assessment.Data.GetProperty("sexualActs").GetBoolean());

        nude = await Ok(dsl, nude, CaseActions.RecordDecision, RecordDecision.Request.Example);
        nude = await Ok(dsl, nude, CaseActions.Close, CloseCase.Request.Example);

        Assert.Equal("closed", nude.Status);
    }

    [Fact]
    public async Task R9_a_new_ukcis_assessment_without_the_sexual_acts_answer_is_400_naming_the_field()
    {
        var dsl = api.ClientFor(School.Dsl, "dsl");
        var nude = await Nude(School.Year6Pupil);

        var response = await Act(dsl, nude.Id, CaseActions.AssessUkcisCriteria, nude.Version!.Value, new { criteriaMet = Array.Empty<string>(), rationale = "No adult, no coercion." });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("sexualActs", out _), problem.ToString());
        Assert.Equal(nude.Version, await api.VersionOf(nude));
    }

    [Fact]
    public async Task R9_the_openapi_schema_of_a_ukcis_assessment_requires_the_sexual_acts_answer()
    {
        var document = await api.ClientFor(School.Dsl, "dsl").GetFromJsonAsync<System.Text.Json.JsonElement>("/swagger/v1/swagger.json");
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("AssessNudesSharingRequest");

        Assert.True(schema.TryGetProperty("required", out var required), schema.ToString());
        Assert.Contains("sexualActs", required.EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("boolean", schema.GetProperty("properties").GetProperty("sexualActs").GetProperty("type").GetString());
    }

    private static Task<HttpResponseMessage> Triage(HttpClient client, Guid id, string ifMatch, string risk, string rationale = "Because.") =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/triage")
        {
            Content = JsonContent.Create(new { risk, rationale }),
            Headers = { { "If-Match", ifMatch } },
        });

    [Fact]
    public async Task R2_a_reporter_learns_nothing_of_the_cases_progress_no_version_and_403_whatever_the_if_match()
    {
        var concern = await Report();
        var reporter = api.ClientFor(School.Teacher, "staff");
        Assert.Equal(HttpStatusCode.OK, (await Triage(api.ClientFor(School.Dsl, "dsl"), concern.Id, "\"1\"", "low")).StatusCode);

        var view = await reporter.GetAsync($"/api/cases/{concern.Id}");
        var stale = await Triage(reporter, concern.Id, "\"1\"", "high");
        var current = await Triage(reporter, concern.Id, "\"2\"", "high");

        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Null(view.Headers.ETag);
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, current.StatusCode);
        Assert.DoesNotContain("currentVersion", await stale.Content.ReadAsStringAsync());
        Assert.Equal(2L, await api.ScalarAsync<long>($"select version from mt_streams where id = '{concern.Id}'"));
    }

    // ---------------------------------------------------------------- given events, when posted, then events and status

    private static readonly Who TheDsl = new(School.Dsl, "dsl", "staff");

    private static ConcernReported Reported(PupilInvolved pupil, ConcernCategory category = ConcernCategory.Cyberbullying, Guid? staffVictim = null) => new(
        School.Teacher, HoursAgo(3), [pupil], category, "Messages in a group chat telling her to leave the school.", null, HoursAgo(4), staffVictim);

    private static readonly TriageCase.Request Medium = new(RiskLevel.Medium, "Peers named; parents to be told.");

    [Fact]
    public async Task R2_given_a_reported_concern_when_the_dsl_triages_it_then_200_and_the_triage_is_recorded()
    {
        var given = await api.GivenAsync(Reported(new PupilInvolved(School.Year8Pupil, PupilRole.Victim)));

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.Triage, Medium);

        Assert.True(then.Status == 200, then.ToString());
        Assert.Equal<object>([new CaseTriaged(Medium.Risk, Medium.Rationale)], then.Appended);
    }

    [Fact]
    public async Task R2_given_a_triaged_concern_when_it_is_triaged_again_at_the_version_before_then_409_and_no_event()
    {
        var given = await api.GivenAsync(Reported(new PupilInvolved(School.Year8Pupil, PupilRole.Victim)), new CaseTriaged(RiskLevel.Low, "Because."));

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.Triage, Medium with { Risk = RiskLevel.High }, ifMatch: 1);

        Assert.True(then.Status == 409, then.ToString());
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R3_given_a_reported_concern_when_it_is_triaged_without_a_rationale_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Reported(new PupilInvolved(School.Year8Pupil, PupilRole.Victim)));

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.Triage, Medium with { Rationale = " " });

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R3", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R2_given_an_untriaged_concern_when_the_dsl_closes_it_then_422_no_event_and_close_is_not_offered()
    {
        var given = await api.GivenAsync(Reported(new PupilInvolved(School.Year8Pupil, PupilRole.Victim), ConcernCategory.Cyberbullying));
        Assert.DoesNotContain(CaseAction.Close, (await Get(api.ClientFor(School.Dsl, "dsl"), given.CaseId)).AllowedActions);

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.Close, CloseCase.Request.Example);

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R2", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R9_given_a_year_6_nude_assessed_as_under_thirteen_when_the_dsl_closes_it_then_422_and_no_event()
    {
        var given = await api.GivenAsync(
            Reported(new PupilInvolved(School.Year6Pupil, PupilRole.Subject), ConcernCategory.SharingNudes),
            new CaseTriaged(RiskLevel.Medium, "Same-age sharing."),
            new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen], true, "Sent to one classmate of the same age."));

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.Close, CloseCase.Request.Example);

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R9", then.Rule);
        Assert.Empty(then.Appended);
    }

    [Fact]
    public async Task R9_given_a_year_6_nude_assessed_before_the_sexual_acts_question_then_it_stands_until_assessed_again_ADR_26()
    {
        // Stored as written before the question: no sexualActs, "pupil under 13" from the date of birth alone.
        var given = await api.GivenAsync(
            Reported(new PupilInvolved(School.Year6Pupil, PupilRole.Subject), ConcernCategory.SharingNudes),
            new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen], null, "Sent to one classmate of the same age."));

        var handle = await api.WhenPostedAsync(given, TheDsl, CaseActions.RecordDecision, RecordDecision.Request.Example);
        Assert.True(handle.Status == 422 && handle.Rule == "R9", handle.ToString());
        Assert.Empty(handle.Appended);

        var again = await api.WhenPostedAsync(given, TheDsl, CaseActions.AssessUkcisCriteria, NoCriterion);
        Assert.True(again.Status == 200, again.ToString());
        Assert.Equal<object>([new NudesSharingAssessed([], false, NoCriterion.Rationale)], again.Appended);
    }

    [Fact]
    public async Task R12_given_a_pupil_cyberbullying_a_teacher_when_the_police_are_told_before_the_teachers_wishes_then_422_and_no_event()
    {
        var given = await api.GivenAsync(Reported(new PupilInvolved(School.Year8Pupil, PupilRole.AllegedPerpetrator), staffVictim: School.OtherTeacher));

        var then = await api.WhenPostedAsync(given, TheDsl, CaseActions.ReferToPolice, ReferToPolice.Request.Example with { OccurredAt = HoursAgo(1) });

        Assert.True(then.Status == 422, then.ToString());
        Assert.Equal("R12", then.Rule);
        Assert.Empty(then.Appended);
    }
}
