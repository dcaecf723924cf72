using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>The case document the inline projection writes: folded from each event, and stored and read back by Marten unchanged.</summary>
public class CaseRecordTests
{
    private static readonly Guid CaseId = Id(500);

    private static CaseRecord Fold(params object[] events) =>
        CaseRecord.Append(null, CaseId, 0, events)!;

    public static TheoryData<string, object[]> Cases => new()
    {
        { "concern", [
            new ConcernReported(Teacher, Earlier, [new PupilInvolved(Year6Pupil, PupilRole.Victim)], ConcernCategory.Cyberbullying, "a", new Place("p", "Instagram", "https://i"), Earlier, Teacher),
            new CaseTriaged(RiskLevel.High, "r"), new CaseReferredToSocialCare("s", null, Now), new ReferralAcknowledged(Agency.ChildrensSocialCare, "a", Now),
            new ContentRemovalRequested(RemovalAskedOf.Poster, "https://x", Now), new ContentRemovalOutcomeRecorded(RemovalAskedOf.Poster, ContentRemovalOutcome.Refused, Now),
            new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen], true, "r"), new DecisionRecorded(CaseDecision.NotReferringToPolice, "d", "r"),
            new ActionAssigned(Id(3), Head, "w", null), new VictimWishesRecorded(Teacher, true, "n", Now), new CaseClosed("s", "r")] },
        { "disclosure", [new DisclosureRecorded(Teacher, Earlier, Year6Pupil, Teacher, "words", DisclosureAbout.Self, null, Earlier), new CaseReferredToPolice("s", "ref", Now)] },
        { "allegation", [
            new AllegationReported(Teacher, Earlier, Head, "a", Earlier, true, false), new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors),
            new AllegationReferredToLado("s", null, Now), new HarmThresholdAssessed(true, [HarmLimb.HarmedOrMayHaveHarmedAChild], "r"),
            new AllegationAdviceRecorded(AdviceSource.Lado, "a", Now), new AllegationOutcomeRecorded(AllegationOutcome.Malicious, "r")] },
        { "parent-breach", [
            new ParentBreachReported(Teacher, Earlier, Parent, [Year3Pupil], "Facebook", null, "w", [MaterialFlag.Threatening], Teacher, Earlier),
            new ParentInvitedToMeeting(Now, Now), new ParentSanctionApplied(Sanction.SchoolAccountInteractionRemoved, "d", "r", Now)] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_case_document_survives_martens_json_and_decides_the_same_afterwards(string kind, object[] events)
    {
        var record = Fold(events);
        var read = MartenSerializer.RoundTrip(record);

        Assert.Equal(kind, read.Kind);
        Assert.Equal(events.Length, read.Version);
        Assert.Equal(MartenSerializer.Instance.ToJson(record), MartenSerializer.Instance.ToJson(read));
        foreach (var actor in new[] { As(Dsl), As(Head), As(Chair), As(Teacher), As(Lado), As(Auditor) })
        {
            Assert.Equal(record.Case.Visibility(actor), read.Case.Visibility(actor));
            Assert.Equal(record.Case.AllowedActions(actor, Context, Now), read.Case.AllowedActions(actor, Context, Now));
        }
    }

    [Fact]
    public void R14_a_repeated_referral_is_still_recognised_after_the_document_was_stored()
    {
        var referral = new CaseReferredToSocialCare("s", null, Now);
        var read = MartenSerializer.RoundTrip(Fold(
            new DisclosureRecorded(Teacher, Earlier, Year6Pupil, Teacher, "words", DisclosureAbout.Self, null, Earlier), referral));
        Assert.Empty(read.Case.File.Refer(Agency.ChildrensSocialCare, referral));
        Assert.NotEmpty(read.Case.File.Refer(Agency.ChildrensSocialCare, referral with { Summary = "another" }));
    }

    [Fact]
    public void R4_the_register_row_of_an_allegation_about_the_head_excludes_the_head_and_the_subject()
    {
        var record = Fold(new AllegationReported(Teacher, Earlier, Head, "a", Earlier, false, false), new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors));
        Assert.Contains("chair-of-governors", record.FullRoles);
        Assert.DoesNotContain("headteacher", record.FullRoles);
        Assert.Contains("headteacher", record.ExcludingRoles);
        Assert.Equal(Head, record.ExcludedUser);
        Assert.Equal("chair-of-governors", record.ManagedBy);
        Assert.Equal("open", record.Status);
        Assert.NotNull(record.NextDeadline);
    }

    [Fact]
    public void An_event_that_opens_no_case_makes_no_document() =>
        Assert.Null(CaseRecord.Fold(null, CaseId, 1, new CaseTriaged(RiskLevel.Low, "r")));
}
