using System.Text;
using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.Directory;
using Casework.Disclosures;
using Casework.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>Events stored before a field was added still read, through the store's own serializer, with the meaning they had.</summary>
public class StoredEventTests
{
    private static T Read<T>(string json) => (T)MartenSerializer.Instance.FromJson(typeof(T), new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private const string Recorded = "2026-03-10T10:00:00+00:00";

    [Fact]
    public void A_report_stored_without_received_at_was_told_when_recorded()
    {
        var concern = Read<ConcernReported>($$"""{"reportedBy":"{{Teacher}}","reportedAt":"{{Recorded}}","pupils":[{"pupilId":"{{Year3Pupil}}","role":"victim"}],"category":"cyberbullying","account":"a","where":null,"occurredAt":"2026-03-09T10:00:00+00:00","staffVictimId":null}""");
        var disclosure = Read<DisclosureRecorded>($$"""{"recordedBy":"{{Teacher}}","reportedAt":"{{Recorded}}","pupilId":"{{Year6Pupil}}","disclosedTo":"{{Teacher}}","wordsAsSaid":"w","about":"self","otherPupilId":null,"occurredAt":"2026-03-09T10:00:00+00:00"}""");
        var allegation = Read<AllegationReported>($$"""{"reportedBy":"{{Teacher}}","reportedAt":"{{Recorded}}","subjectId":"{{OtherTeacher}}","account":"a","occurredAt":"2026-03-09T10:00:00+00:00","indecentImagesFound":true,"unsuitableMaterialFound":false}""");
        var breach = Read<ParentBreachReported>($$"""{"reportedBy":"{{Teacher}}","reportedAt":"{{Recorded}}","parentId":"{{Parent}}","pupilIds":[],"platform":"Facebook","url":null,"whatWasPosted":"w","flags":[],"targetStaffId":null,"occurredAt":"2026-03-09T10:00:00+00:00"}""");

        Assert.All(new object[] { concern, disclosure, allegation, breach }, e => Assert.Equal(Now, Case.Open(e)!.File.ReportedAt));
        Assert.Null(allegation.ReceivedAt);
        Assert.Equal(Now, Allegation.Evolve(Allegation.Initial, allegation).ImagesKnownSince);
    }

    [Fact]
    public void A_referral_stored_before_immediate_risk_existed_reads_as_an_ordinary_one_and_an_ordinary_one_is_stored_as_before()
    {
        var referral = Read<CaseReferredToPolice>($$"""{"summary":"s","reference":null,"occurredAt":"{{Recorded}}"}""");

        Assert.Equal(new CaseReferredToPolice("s", null, Now), referral);
        Assert.Equal("""{"summary":"s","reference":null,"occurredAt":"2026-03-10T10:00:00+00:00"}""", MartenSerializer.Instance.ToJson(referral));
    }

    [Fact]
    public void Advice_stored_without_an_id_still_counts_as_advice()
    {
        var advice = Read<AllegationAdviceRecorded>($$"""{"from":"hr","advice":"a","occurredAt":"{{Recorded}}"}""");

        Assert.Null(advice.AdviceId);
        var state = Allegation.Evolve(Allegation.Evolve(Allegation.Initial, Allegations.AllegationTests.AboutTeacher), advice);
        Assert.Contains(AdviceSource.Hr, state.Advice);
    }

    [Fact]
    public void A_removal_outcome_stored_without_its_url_answers_the_one_request_made_of_that_party()
    {
        var outcome = Read<ContentRemovalOutcomeRecorded>($$"""{"from":"poster","outcome":"refused","occurredAt":"{{Recorded}}"}""");
        var file = new object[] { new ContentRemovalRequested(RemovalAskedOf.Poster, "https://x/1", Earlier), new ContentRemovalRequested(RemovalAskedOf.Platform, "https://x/1", Earlier), outcome }
            .Aggregate(SharedState.Opened(Teacher, Earlier, null, null), SharedState.Evolve);

        Assert.Equal(
            [new RemovalRequest("https://x/1", RemovalAskedOf.Poster, Earlier, ContentRemovalOutcome.Refused), new RemovalRequest("https://x/1", RemovalAskedOf.Platform, Earlier, null)],
            file.Removals);
    }

    [Fact]
    public void A_member_of_staff_stored_without_a_job_title_reads_without_one() =>
        Assert.Equal(new StaffMemberAdded(Teacher, "Tom", [Role.Staff]), Read<StaffMemberAdded>($$"""{"staffId":"{{Teacher}}","name":"Tom","roles":["staff"]}"""));
}
