using Casework.Allegations;
using Casework.Cases;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Allegations;

/// <summary>R8 and ADR 34: a false or malicious allegation is erased by its case manager, once its subject was asked.</summary>
public class EraseAllegationTests
{
    private static readonly Guid Decision = Id(300);

    private static EraseAllegation Erase(Guid by, DateTimeOffset at) => new(As(by), at, Decision);

    private static Spec<Allegation.State> FoundFalse(DateTimeOffset outcomeAt) =>
        Spec.Allegation.Given(AllegationTests.AboutTeacher, AllegationTests.ToHead, AllegationTests.NotMet,
            new AllegationOutcomeRecorded(AllegationOutcome.False, "Mistaken identity.", outcomeAt), Closed);

    private static readonly CaseClosed Closed = new("Concluded.", "Found false.");

    [Fact]
    public void R8_an_open_allegation_is_closed_before_it_is_erased() =>
        Spec.Allegation.Given(AllegationTests.AboutTeacher, AllegationTests.ToHead, AllegationTests.NotMet,
                new AllegationOutcomeRecorded(AllegationOutcome.False, "Mistaken identity.", Now), new SubjectConsentToKeepDeclined("", Now))
            .When(Erase(Head, Now)).ThenRefuses("R8");

    [Fact]
    public void R8_an_allegation_is_erased_at_once_when_its_subject_declined_to_keep_it() =>
        FoundFalse(Now).Given(new SubjectConsentToKeepDeclined("Asked in person.", Now)).When(Erase(Head, Now))
            .Then(new ContentErased(Decision, ErasureReason.FalseOrMaliciousAllegation, Head, Now, []));

    [Fact]
    public void R8_erasure_waits_for_the_subjects_answer_until_the_window_has_passed()
    {
        FoundFalse(Now).When(Erase(Head, Now.AddDays(27))).ThenRefuses("R8");
        FoundFalse(Now).When(Erase(Head, Now + EraseAllegation.ConsentWindow))
            .Then(new ContentErased(Decision, ErasureReason.FalseOrMaliciousAllegation, Head, Now + EraseAllegation.ConsentWindow, []));
    }

    [Fact]
    public void R8_an_outcome_stored_without_its_time_is_erased_only_once_the_subject_declined() =>
        FoundFalse(default).Given(new AllegationOutcomeRecorded(AllegationOutcome.Malicious, "Made up.")).When(Erase(Head, Now.AddYears(1))).ThenRefuses("R8");

    [Fact]
    public void R8_an_allegation_the_subject_consented_to_keep_is_never_erased() =>
        FoundFalse(Now).Given(new SubjectConsentToKeepRecorded("Wants it on file.", Now)).When(Erase(Head, Now.AddYears(1))).ThenRefuses("R8");

    [Theory]
    [InlineData(AllegationOutcome.Substantiated)]
    [InlineData(AllegationOutcome.Unsubstantiated)]
    [InlineData(AllegationOutcome.Unfounded)]
    public void R8_only_a_false_or_malicious_allegation_is_erased(AllegationOutcome outcome) =>
        Spec.Allegation.Given(AllegationTests.AboutTeacher, AllegationTests.ToHead, AllegationTests.NotMet, new AllegationOutcomeRecorded(outcome, "Found so.", Now), Closed)
            .When(Erase(Head, Now.AddYears(1))).ThenRefuses("R8");

    [Fact]
    public void R4_only_the_case_manager_erases_not_the_lado_liaison_nor_the_dsl()
    {
        var declined = FoundFalse(Now).Given(AllegationTests.Referred, new SubjectConsentToKeepDeclined("", Now));
        declined.When(Erase(Lado, Now)).ThenForbids("R4");
        declined.When(Erase(Dsl, Now)).ThenForbids("R4");
        declined.When(Erase(Teacher, Now)).ThenForbids("R4");
    }

    [Fact]
    public void R4_the_chair_erases_an_allegation_about_the_headteacher()
    {
        var aboutHead = Spec.Allegation.Given(AllegationTests.AboutTeacher with { SubjectId = Head }, new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors),
            AllegationTests.NotMet, new AllegationOutcomeRecorded(AllegationOutcome.Malicious, "Made up.", Now), Closed, new SubjectConsentToKeepDeclined("", Now));
        aboutHead.When(Erase(Head, Now)).ThenForbids("R4");
        aboutHead.When(Erase(Chair, Now)).Then(new ContentErased(Decision, ErasureReason.FalseOrMaliciousAllegation, Chair, Now, []));
    }

    [Fact]
    public void ADR_34_an_erased_allegation_records_nothing_more_and_erasing_again_records_nothing()
    {
        var erased = FoundFalse(Now).Given(new SubjectConsentToKeepDeclined("", Now), new ContentErased(Decision, ErasureReason.FalseOrMaliciousAllegation, Head, Now, []));
        erased.When(Erase(Head, Now)).ThenNothing();
        erased.When(new AddNote(As(Head), Now, Id(301), "A note.")).ThenRefuses("R8");
        erased.When(new RecordSubjectConsent(As(Head), Now, "Changed their mind.", Now)).ThenRefuses("R8");
        erased.When(new ReopenCase(As(Head), Now, "Reopened.")).ThenRefuses("R8");
        Assert.DoesNotContain(CaseAction.EraseContent, Allegation.AllowedActions(erased.State, As(Head), Context, Now));
    }

    [Fact]
    public void R8_the_subject_declining_again_records_nothing_and_consenting_afterwards_keeps_it()
    {
        // The subject is asked before the allegation closes (R8: closing without their consent takes it off staff registers).
        var open = Spec.Allegation.Given(AllegationTests.AboutTeacher, AllegationTests.ToHead, AllegationTests.NotMet,
            new AllegationOutcomeRecorded(AllegationOutcome.False, "Mistaken identity.", Now));
        var declined = open.Do(new RecordSubjectConsent(As(Head), Now, "Declined.", Now, Consents: false));
        declined.When(new RecordSubjectConsent(As(Head), Now, "Declined again.", Now, Consents: false)).ThenNothing();
        declined.Given(Closed).When(Erase(Head, Now)).Events.OfType<ContentErased>().Single();
        declined.Do(new RecordSubjectConsent(As(Head), Now, "Changed their mind.", Now)).Given(Closed).When(Erase(Head, Now.AddYears(1))).ThenRefuses("R8");
    }

    [Fact]
    public void ADR_34_erasure_is_offered_to_the_case_manager_once_it_may_be_decided()
    {
        Assert.DoesNotContain(CaseAction.EraseContent, Allegation.AllowedActions(FoundFalse(Now).State, As(Head), Context, Now));
        Assert.Contains(CaseAction.EraseContent, Allegation.AllowedActions(FoundFalse(Now).Given(new SubjectConsentToKeepDeclined("", Now)).State, As(Head), Context, Now));
    }
}
