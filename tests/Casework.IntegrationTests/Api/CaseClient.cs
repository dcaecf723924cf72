using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.Http;
using Casework.ParentBreaches;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// The calls the case API tests make (report, act at a version, read the timeline) and what every answer
/// must show: 200 with the version advanced and the ETag, 409 with nothing stored, 422 naming the rule.
/// </summary>
public static class CaseClient
{
    /// <summary>A well-formed body for every action route: the request's own OpenAPI example.</summary>
    public static IReadOnlyDictionary<string, object> Examples { get; } = new Dictionary<string, object>
    {
        [CaseActions.Triage] = TriageCase.Request.Example,
        [CaseActions.AssessUkcisCriteria] = AssessNudesSharing.Request.Example,
        [CaseActions.AssessHarmThreshold] = AssessHarmThreshold.Request.Example,
        [CaseActions.ReferToLado] = ReferAllegationToLado.Request.Example,
        [CaseActions.RecordLadoAdvice] = RecordAllegationAdvice.LadoRequest.Example,
        [CaseActions.RecordHrAdvice] = RecordAllegationAdvice.HrRequest.Example,
        [CaseActions.RecordLowLevelConcern] = RecordLowLevelConcern.Request.Example,
        [CaseActions.RecordInvestigationStep] = RecordInvestigationStep.Request.Example,
        [CaseActions.RecordOutcome] = RecordAllegationOutcome.Request.Example,
        [CaseActions.RecordDbsReferral] = RecordDbsReferral.Request.Example,
        [CaseActions.ConsiderTraReferral] = ConsiderTraReferral.Request.Example,
        [CaseActions.RecordSubjectConsent] = RecordSubjectConsent.Request.Example,
        [CaseActions.RecordMaterialFound] = RecordMaterialFound.Request.Example,
        [CaseActions.Recategorise] = RecategoriseConcern.Request.Example,
        [CaseActions.InviteToMeeting] = InviteParentToMeeting.Request.Example,
        [CaseActions.ApplySanction] = ApplySanction.Request.Example,
        [CaseActions.EscalateToDsl] = EscalateToDsl.Request.Example,
        [CaseActions.ReferToPolice] = ReferToPolice.Request.Example,
        [CaseActions.ReferToSocialCare] = ReferToSocialCare.Request.Example,
        [CaseActions.RecordReferralAcknowledgement] = RecordReferralAcknowledgement.Request.Example,
        [CaseActions.RequestContentRemoval] = RequestContentRemoval.Request.Example,
        [CaseActions.RecordContentRemovalOutcome] = RecordContentRemovalOutcome.Request.Example,
        [CaseActions.RecordMeeting] = RecordMeeting.Request.Example,
        [CaseActions.RecordEvidence] = RecordEvidence.Request.Example,
        [CaseActions.RecordDecision] = RecordDecision.Request.Example,
        [CaseActions.AssignAction] = AssignAction.Request.Example,
        [CaseActions.CompleteAction] = CompleteAction.Request.Example,
        [CaseActions.AddNote] = AddNote.Request.Example,
        [CaseActions.RecordVictimWishes] = RecordVictimWishes.Request.Example,
        [CaseActions.ShareTimeline] = ShareTimeline.Request.Example,
        [CaseActions.Close] = CloseCase.Request.Example,
        [CaseActions.Reopen] = ReopenCase.Request.Example,
        [CaseActions.EraseContent] = EraseAllegation.Request.Example,
        [CaseActions.PlaceLegalHold] = PlaceLegalHold.Request.Example,
        [CaseActions.LiftLegalHold] = LiftLegalHold.Request.Example,
        [CaseActions.ReviewRetention] = ReviewRetention.Request.Example,
    };

    /// <summary>A time this many hours ago (occurred-at values must not be in the future).</summary>
    public static DateTimeOffset HoursAgo(double hours) => DateTimeOffset.UtcNow.AddHours(-hours);

    public static async Task<CaseView> Report(HttpClient client, string path, object body)
    {
        var response = await client.PostAsync(path, Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        return (await response.Content.ReadAsync<CaseView>())!;
    }

    public static Task<HttpResponseMessage> Act(HttpClient client, Guid id, string action, long ifMatch, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/{action}")
        {
            Content = Json(body),
            Headers = { { "If-Match", CaseEndpoints.ETag(ifMatch) } },
        });

    /// <summary>Acts at the version of <paramref name="view"/> and expects 200 with a later version and its ETag.</summary>
    public static async Task<CaseView> Ok(HttpClient client, CaseView view, string action, object body)
    {
        var response = await Act(client, view.Id, action, view.Version!.Value, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        var acted = (await response.Content.ReadAsync<CaseView>())!;
        Assert.True(acted.Version > view.Version, $"{action} did not advance the version {view.Version}.");
        Assert.Equal(CaseEndpoints.ETag(acted.Version!.Value), response.Headers.ETag!.Tag);
        return acted;
    }

    /// <summary>Acts at the version of <paramref name="view"/>, expects 422 naming <paramref name="rule"/>, and that nothing was stored.</summary>
    public static async Task Refused(ApiFixture api, HttpClient client, CaseView view, string action, object body, string rule)
    {
        await BreaksRule(await Act(client, view.Id, action, view.Version!.Value, body), rule);
        Assert.Equal(view.Version, await api.VersionOf(view));
    }

    /// <summary>Reports and expects 422 naming <paramref name="rule"/>.</summary>
    public static async Task ReportRefused(HttpClient client, string path, object body, string rule) =>
        await BreaksRule(await client.PostAsync(path, Json(body)), rule);

    private static async Task BreaksRule(HttpResponseMessage response, string rule)
    {
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, await Describe(response));
        Assert.Equal(rule, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    /// <summary>Acts at a version older than the case's and expects 409 with nothing stored.</summary>
    public static async Task Stale(ApiFixture api, HttpClient client, CaseView view, string action, object body)
    {
        Assert.True(view.Version > 1, "A stale version needs a case that has changed since it was reported.");
        var response = await Act(client, view.Id, action, view.Version!.Value - 1, body);
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, await Describe(response));
        Assert.Equal(view.Version, await api.VersionOf(view));
    }

    public static async Task<CaseView> Get(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/cases/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        return (await response.Content.ReadAsync<CaseView>())!;
    }

    public static async Task<IReadOnlyList<TimelineEntry>> Timeline(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<TimelineExport>($"/api/cases/{id}/timeline", CaseworkJson.Options))!.Entries;

    public static Task<long> VersionOf(this ApiFixture api, CaseView view) =>
        api.ScalarAsync<long>($"select version from mt_streams where id = '{view.Id}'");

    /// <summary>How many events of this stored type the case's stream holds.</summary>
    public static Task<long> Stored(this ApiFixture api, CaseView view, string eventType) =>
        api.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{view.Id}' and type = '{eventType}'");

    /// <summary>A request body as the API reads it (kebab-case enums).</summary>
    private static JsonContent Json(object body) => JsonContent.Create(body, body.GetType(), options: CaseworkJson.Options);

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}: {await response.Content.ReadAsStringAsync()}";
}
