using Casework.Cases;
using Casework.Concerns;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Concerns;

public class ConcernTests
{
    private static readonly ConcernReported Reported = new(Teacher, Earlier, [new PupilInvolved(Year3Pupil, PupilRole.Victim)],
        ConcernCategory.Cyberbullying, "Messages calling Theo names in a class group chat.", new Place("Class chat", "WhatsApp", null), Earlier.AddDays(-1), null);

    private static ReportConcern Report(string account = "Messages in the class chat.", DateTimeOffset? occurredAt = null) =>
        new(As(Teacher), Now, [new PupilInvolved(Year3Pupil, PupilRole.Victim)], ConcernCategory.Cyberbullying, account,
            null, occurredAt ?? Earlier, null);

    [Fact]
    public void R1_any_member_of_staff_reports_a_concern() =>
        Spec.Concern.When(Report()).Then(new ConcernReported(Teacher, Now, [new PupilInvolved(Year3Pupil, PupilRole.Victim)],
            ConcernCategory.Cyberbullying, "Messages in the class chat.", null, Earlier, null, Now));

    [Fact]
    public void R1_a_report_without_an_account_is_refused() => Spec.Concern.When(Report(account: " ")).ThenRefuses("R1");

    [Fact]
    public void R1_a_report_of_something_in_the_future_is_refused() => Spec.Concern.When(Report(occurredAt: Now.AddMinutes(5))).ThenRefuses("R1");

    [Fact]
    public void R1_a_report_needs_a_pupil_from_the_directory() =>
        Spec.Concern.When(Report() with { Pupils = [new PupilInvolved(Id(999), PupilRole.Victim)] }).ThenRefuses("R1");

    [Fact]
    public void R1_an_auditor_cannot_report() => Spec.Concern.When(Report() with { Actor = As(Auditor) }).ThenForbids("R1");

    [Fact]
    public void R14_a_repeated_report_records_nothing() => Spec.Concern.Given(Reported).When(Report()).ThenNothing();

    [Fact]
    public void R2_the_dsl_triages_a_concern() =>
        Spec.Concern.Given(Reported).When(new TriageCase(As(Dsl), Now, RiskLevel.Medium, "Repeated name-calling; talk to both families."))
            .Then(new CaseTriaged(RiskLevel.Medium, "Repeated name-calling; talk to both families."));

    [Fact]
    public void R2_a_member_of_staff_cannot_triage_a_concern() =>
        Spec.Concern.Given(Reported).When(new TriageCase(As(Teacher), Now, RiskLevel.Low, "Looks minor.")).ThenForbids("R2");

    [Fact]
    public void R2_the_headteacher_cannot_close_a_concern() =>
        Spec.Concern.Given(Reported).When(new CloseCase(As(Head), Now, "Resolved.", "Spoke to both.")).ThenForbids("R2");

    [Fact]
    public void R3_triage_without_a_rationale_is_refused() =>
        Spec.Concern.Given(Reported).When(new TriageCase(As(Dsl), Now, RiskLevel.Low, "")).ThenRefuses("R3");

    [Fact]
    public void R3_closing_without_a_rationale_is_refused() =>
        Spec.Concern.Given(Reported, new CaseTriaged(RiskLevel.Low, "Minor.")).When(new CloseCase(As(Dsl), Now, "Resolved.", " ")).ThenRefuses("R3");

    [Fact]
    public void R3_the_dsl_closes_with_a_rationale() =>
        Spec.Concern.Given(Reported, new CaseTriaged(RiskLevel.Low, "Minor.")).When(new CloseCase(As(Dsl), Now, "Resolved.", "Both families spoke to; messages stopped."))
            .Then(new CaseClosed("Resolved.", "Both families spoke to; messages stopped."));

    [Fact]
    public void R2_a_concern_closes_only_once_the_dsl_has_triaged_it_even_a_duplicate() =>
        Spec.Concern.Given(Reported).When(new CloseCase(As(Dsl), Now, "Duplicate.", "The same messages were reported this morning.")).ThenRefuses("R2");

    [Fact]
    public void R14_a_repeated_triage_records_nothing() =>
        Spec.Concern.Given(Reported, new CaseTriaged(RiskLevel.Low, "Minor."))
            .When(new TriageCase(As(Dsl), Now, RiskLevel.Low, "Minor.")).ThenNothing();

    [Fact]
    public void R14_a_closed_concern_accepts_no_triage() =>
        Spec.Concern.Given(Reported, new CaseClosed("Done.", "Resolved."))
            .When(new TriageCase(As(Dsl), Now, RiskLevel.High, "New information.")).ThenRefuses("R14");

    [Fact]
    public void R14_the_dsl_reopens_a_closed_concern_with_a_reason() =>
        Spec.Concern.Given(Reported, new CaseClosed("Done.", "Resolved."))
            .When(new ReopenCase(As(Dsl), Now, "The messages started again.")).Then(new CaseReopened("The messages started again."));

    [Fact]
    public void R14_reopening_needs_a_reason() =>
        Spec.Concern.Given(Reported, new CaseClosed("Done.", "Resolved.")).When(new ReopenCase(As(Dsl), Now, "")).ThenRefuses("R14");

    [Fact]
    public void R14_closing_a_closed_concern_again_records_nothing() =>
        Spec.Concern.Given(Reported, new CaseClosed("Done.", "Resolved.")).When(new CloseCase(As(Dsl), Now, "Done.", "Resolved.")).ThenNothing();
}
