using Marten;
using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.Directory;
using Casework.Disclosures;
using Casework.ParentBreaches;
using Casework.SchoolPolicies;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

public class EventCatalogTests
{
    // The serializer Marten is configured with (no database is touched to build it).
    private static readonly ISerializer Serializer = MartenSerializer.Instance;

    /// <summary>One example of every event type, with lists, enums and nulls.</summary>
    internal static readonly object[] Examples =
    [
        new CaseTriaged(RiskLevel.High, "r"), new CaseEscalatedToDsl("r"), new CaseReferredToPolice("s", "ref", Now),
        new CaseReferredToSocialCare("s", null, Now, ImmediateRisk: true, Rationale: "r"), new ReferralAcknowledged(Agency.ChildrensSocialCare, "a", Now),
        new ContentRemovalRequested(RemovalAskedOf.Posh, "https://x", Now), new ContentRemovalOutcomeRecorded(RemovalAskedOf.Poster, ContentRemovalOutcome.NoResponse, Now, "https://x"),
        new MeetingHeld(Id(1), Now, ["a", "b"], "s"), new EvidenceRecorded(Id(2), EvidenceKind.WrittenRecord, "w", Now, Now, "d", null),
        new DecisionRecorded(CaseDecision.NotReferringToPolice, "d", "r"), new ActionAssigned(Id(3), Head, "w", new DateOnly(2026, 3, 11)),
        new ActionCompleted(Id(3), "o"), new NoteAdded(Id(4), "t"), new VictimWishesRecorded(Teacher, true, "n", Now),
        new TimelineShared("LADO", "w"), new CaseClosed("s", "r"), new CaseReopened("r"),
        new ConcernReported(Teacher, Now, [new PupilInvolved(Year6Pupil, PupilRole.AllegedPerpetrator)], ConcernCategory.ContactAttempt, "a", new Place("p", "Instagram", "https://i"), Now, Teacher),
        new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen, UkcisCriterion.AdultInvolved], true, "r"),
        new DisclosureRecorded(Teacher, Now, Year6Pupil, Teacher, "words", DisclosureAbout.AnotherChild, null, Now, Earlier),
        new AllegationReported(Teacher, Now, Head, "a", Now, true, false, Earlier), new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors),
        new HarmThresholdAssessed(true, [HarmLimb.BehaviourIndicatingUnsuitabilityToWorkWithChildren], "r"), new LowLevelConcernRecorded("s", "r"),
        new AllegationReferredToLado("s", null, Now), new AllegationAdviceRecorded(AdviceSource.Hr, "a", Now, Id(6)),
        new InvestigationStepRecorded(Id(5), "s", Now), new AllegationOutcomeRecorded(AllegationOutcome.Malicious, "r"),
        new DbsReferralRecorded("d", Now), new TraReferralConsidered(false, "r"), new SubjectConsentToKeepRecorded("n", Now), new AllegationMaterialFound(true, false, "d", Now), new ConcernRecategorised(ConcernCategory.Cyberbullying, ConcernCategory.SharingNudes, "r"),
        new AllegationErasedFromStaffRegisters(AllegationOutcome.False), new SubjectConsentToKeepDeclined("n", Now),
        new ContentErased(Id(9), ErasureReason.FalseOrMaliciousAllegation, Head, Now, [new EarlierCopy(Dsl, Earlier, CopyKind.Export)]),
        new LegalHoldPlaced(Id(10), LegalHoldKind.Litigation, "ref"), new LegalHoldLifted(Id(10)),
        new RetentionReviewed(Id(11), new DateOnly(2040, 1, 1), "r"), new RecordDestroyed(Id(11), Now, new DateOnly(2026, 1, 1)),
        new ParentBreachReported(Teacher, Now, Parent, [Year3Pupil], "Facebook", null, "w", [MaterialFlag.SexualNature, MaterialFlag.Hate], null, Now),
        new ParentInvitedToMeeting(Now, Now), new ParentSanctionApplied(Sanction.SchoolAccountInteractionRemoved, "d", "r", Now),
        new StaffMemberAdded(Head, "n", [Role.Headteacher, Role.LadoLiaison], "Supply teacher"), new StaffMemberUpdated(Head, "n", [Role.Staff]), new StaffMemberRemoved(Head),
        new PupilAdded(Year6Pupil, "n", new DateOnly(2014, 1, 1), 6), new PupilUpdated(Year6Pupil, "n", new DateOnly(2014, 1, 1), 7), new PupilRemoved(Year6Pupil),
        new ParentAdded(Parent, "n", [Year3Pupil]), new ParentUpdated(Parent, "n", [Year3Pupil, Year6Pupil]), new ParentRemoved(Parent),
        new SchoolPolicyApplied(2, Now, SchoolSettings.Default with { Name = "n", Closures = [new DateOnly(2026, 3, 11)] }),
        new DeadlineMissed(DeadlineNames.PosterRemovalResponse, Now, "https://example.org/p/1", [Role.Headteacher, Role.ChairOfGovernors]),
        new SchoolPolicyProposed(Id(7), SchoolSettings.Default with { SharingNudes = SharingNudesPolicy.PoliceAndParentsAlways }, new DateOnly(2026, 4, 1), "r", Dsl, "st-thomas"),
        new SchoolPolicyApproved(Id(7), Head, 2, Now, "c"), new SchoolPolicyRejected(Id(8), Chair, "r"),
    ];

    [Fact]
    public void Names_and_types_are_unique_and_kebab_case()
    {
        Assert.Equal(EventCatalog.All.Count, EventCatalog.All.Select(e => e.Name).Distinct().Count());
        Assert.Equal(EventCatalog.All.Count, EventCatalog.All.Select(e => e.Type).Distinct().Count());
        Assert.All(EventCatalog.All, e => Assert.Matches("^[a-z]+(-[a-z]+)*$", e.Name));
    }

    [Fact]
    public void Every_catalogued_event_has_an_example_here() =>
        Assert.Equal(EventCatalog.All.Select(e => e.Type).OrderBy(t => t.Name), Examples.Select(e => e.GetType()).OrderBy(t => t.Name));

    [Fact]
    public void Every_event_survives_the_stores_json_unchanged() =>
        Assert.All(Examples, example => Assert.Equal(example, MartenSerializer.RoundTrip(example)));

    [Fact]
    public void Enums_are_stored_as_kebab_case_and_lists_as_arrays()
    {
        var json = Serializer.ToJson(new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors));
        Assert.True(json.Contains("\"as\":\"chair-of-governors\""), json);
        Assert.Contains("\"criteriaMet\":[\"pupil-under-thirteen\"]", Serializer.ToJson(new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen], true, "r")));
    }
}
