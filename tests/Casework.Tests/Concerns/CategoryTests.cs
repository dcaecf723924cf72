using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Concerns;

/// <summary>Concerns and disclosures carry KCSIE's categories; the rules that depend on a category read its fixed value.</summary>
public class CategoryTests
{
    private static ConcernReported About(ConcernCategory category) => new(Teacher, Earlier, [new PupilInvolved(Year8Pupil, PupilRole.Victim)],
        category, "Bruises on both arms, explained differently each time.", null, Earlier, null);

    [Theory]
    [InlineData(ConcernCategory.PhysicalAbuse)]
    [InlineData(ConcernCategory.Neglect)]
    [InlineData(ConcernCategory.ChildOnChildAbuse)]
    [InlineData(ConcernCategory.FemaleGenitalMutilation)]
    public void R1_a_concern_is_reported_under_any_statutory_category(ConcernCategory category) =>
        Assert.Equal(category, Assert.Single(Spec.Concern.When(new ReportConcern(As(Teacher), Now,
            [new PupilInvolved(Year8Pupil, PupilRole.Victim)], category, "Told by the pupil at break.", null, Earlier, null)).Events.OfType<ConcernReported>()).Category);

    [Fact]
    public void R9_only_sharing_nudes_brings_in_the_ukcis_rules_not_a_category_about_sexual_abuse() =>
        Spec.Concern.Given(About(ConcernCategory.SexualAbuse), new CaseTriaged(RiskLevel.High, "Serious."))
            .When(new RecordDecision(As(Dsl), Now, CaseDecision.HandleInSchool, "Support plan.", "Handled with the family's agreement."))
            .Then(new DecisionRecorded(CaseDecision.HandleInSchool, "Support plan.", "Handled with the family's agreement."));

    [Fact]
    public void R9_sharing_nudes_keeps_its_meaning_after_the_categories_grew() =>
        Spec.Concern.Given(About(ConcernCategory.SharingNudes))
            .When(new RecordDecision(As(Dsl), Now, CaseDecision.HandleInSchool, "Talk to both.", "Consensual, same age."))
            .ThenRefuses("R9");

    [Fact]
    public void R1_a_disclosure_records_its_category_when_the_recorder_can_say()
    {
        var recorded = Assert.Single(Spec.Disclosure.When(new RecordDisclosure(As(Teacher), Now, Year6Pupil, Teacher, "He hits me.", DisclosureAbout.Self,
            null, Earlier, Category: ConcernCategory.DomesticAbuse)).Events.OfType<DisclosureRecorded>());
        Assert.Equal(ConcernCategory.DomesticAbuse, recorded.Category);
        Assert.Equal(ConcernCategory.DomesticAbuse, DisclosureCase.New.Evolve(recorded).Category);
    }
}
