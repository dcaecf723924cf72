using Casework.Cases;
using Casework.Disclosures;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Disclosures;

public class DisclosureTests
{
    private static readonly DisclosureRecorded Recorded = new(Teacher, Earlier, Year6Pupil, Teacher, "My uncle hits me when Mum is out.", DisclosureAbout.Self, null, Earlier);

    [Fact]
    public void R1_a_teacher_records_a_disclosure_in_the_pupils_words() =>
        Spec.Disclosure.When(new RecordDisclosure(As(Teacher), Now, Year6Pupil, Teacher, "My uncle hits me when Mum is out.", DisclosureAbout.Self, null, Earlier))
            .Then(Recorded with { ReportedAt = Now, ReceivedAt = Now });

    [Fact]
    public void R1_a_disclosure_needs_the_pupils_words() =>
        Spec.Disclosure.When(new RecordDisclosure(As(Teacher), Now, Year6Pupil, Teacher, "", DisclosureAbout.Self, null, Earlier)).ThenRefuses("R1");

    [Fact]
    public void R2_only_the_dsl_refers_a_disclosure_to_social_care()
    {
        var referral = new ReferToSocialCare(As(Head), Now, "Physical abuse disclosed.", null, Now);
        Spec.Disclosure.Given(Recorded).When(referral).ThenForbids("R2");
        Spec.Disclosure.Given(Recorded).When(referral with { Actor = As(Dsl) }).Then(new CaseReferredToSocialCare("Physical abuse disclosed.", null, Now));
    }

    [Fact]
    public void R2_a_disclosure_closes_only_once_the_dsl_has_triaged_it()
    {
        var close = new CloseCase(As(Dsl), Now, "Referred on.", "Social care are leading.");
        Spec.Disclosure.Given(Recorded).When(close).ThenRefuses("R2");
        Spec.Disclosure.Given(Recorded, new CaseTriaged(RiskLevel.High, "Physical abuse at home.")).When(close)
            .Then(new CaseClosed("Referred on.", "Social care are leading."));
    }

    [Fact]
    public void R2_the_reporter_sees_only_their_own_report_and_may_not_act()
    {
        var state = Disclosure.Evolve(Disclosure.Initial, Recorded);
        Assert.Equal(CaseVisibility.OwnReport, Disclosure.Visibility(state, As(Teacher)));
        Assert.Equal(CaseVisibility.None, Disclosure.Visibility(state, As(OtherTeacher)));
        Assert.Equal(CaseVisibility.None, Disclosure.Visibility(state, As(Admin)));
        Assert.Empty(Disclosure.AllowedActions(state, As(Teacher), Context, Now));
    }
}
