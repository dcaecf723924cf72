using System.Text;
using System.Text.Json.Nodes;
using Casework.SchoolPolicies;
using Casework.Cases;
using Casework.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.ParentBreaches;

public class ParentBreachTests
{
    internal static readonly ParentBreachReported Abuse = new(Teacher, Earlier, Parent, [Year3Pupil], "Facebook", "https://facebook.example/post/1",
        "Called Mr Teacher a disgrace and worse.", [MaterialFlag.Abusive], Teacher, Earlier);

    private static readonly ParentBreachReported Rude = Abuse with { Flags = [], TargetStaffId = null };

    private static readonly ApplySanction RemoveInteraction =
        new(As(Head), Now, Sanction.SchoolAccountInteractionRemoved, "Blocked from the school's page.", "Repeated breaches after the meeting.", Earlier);

    private static readonly CloseCase Close = new(As(Head), Now, "Resolved.", "Content removed; parent met.");

    [Fact]
    public void R1_a_pupil_the_post_concerns_must_be_in_the_schools_directory() =>
        Spec.ParentBreach.When(new ReportParentBreach(As(Teacher), Now, Parent, [Guid.NewGuid()], "Facebook", null, "Called Mr Teacher a disgrace.", [], null, Earlier))
            .ThenRefuses("R1");

    [Fact]
    public void R10_a_sanction_is_refused_before_the_parent_is_invited_to_a_meeting() =>
        Spec.ParentBreach.Given(Rude).When(RemoveInteraction).ThenRefuses("R10");

    [Fact]
    public void R10_a_sanction_follows_a_meeting_invitation() =>
        Spec.ParentBreach.Given(Rude, new ParentInvitedToMeeting(Now.AddDays(2), Earlier)).When(RemoveInteraction)
            .Then(new ParentSanctionApplied(Sanction.SchoolAccountInteractionRemoved, "Blocked from the school's page.", "Repeated breaches after the meeting.", Earlier));

    [Fact]
    public void R11_abusive_material_closes_only_after_a_police_referral_or_a_decision_not_to() =>
        Spec.ParentBreach.Given(Abuse with { TargetStaffId = null }).When(Close).ThenRefuses("R11");

    [Fact]
    public void R11_a_reasoned_decision_not_to_refer_allows_closing() =>
        Spec.ParentBreach.Given(Abuse with { TargetStaffId = null }, new DecisionRecorded(CaseDecision.NotReferringToPolice, "", "Rude, not threatening; removed."))
            .When(Close).Then(new CaseClosed("Resolved.", "Content removed; parent met."));

    [Fact]
    public void R11_material_without_flags_closes_without_a_police_decision() =>
        Spec.ParentBreach.Given(Rude).When(Close).Then(new CaseClosed("Resolved.", "Content removed; parent met."));

    [Fact]
    public void R12_the_victims_wishes_are_recorded_before_closing() =>
        Spec.ParentBreach.Given(Abuse, new DecisionRecorded(CaseDecision.NotReferringToPolice, "", "Victim to decide.")).When(Close).ThenRefuses("R12");

    [Fact]
    public void R12_the_police_are_not_told_against_the_victims_wishes() =>
        Spec.ParentBreach.Given(Abuse, new VictimWishesRecorded(Teacher, false, "Does not want police.", Earlier))
            .When(new ReferToPolice(As(Head), Now, "Abuse of staff.", null, Earlier)).ThenRefuses("R12");

    [Fact]
    public void R12_the_police_are_told_when_the_victim_wants_it() =>
        Spec.ParentBreach.Given(Abuse, new VictimWishesRecorded(Teacher, true, "Wants it reported.", Earlier))
            .When(new ReferToPolice(As(Head), Now, "Abuse of staff.", "POL-4", Earlier)).Then(new CaseReferredToPolice("Abuse of staff.", "POL-4", Earlier));

    [Fact]
    public void R11_a_threat_to_a_member_of_staff_is_the_schools_to_report_to_the_police_before_and_against_their_wishes()
    {
        var threat = Abuse with { WhatWasPosted = "I'll be at the gate on Monday to sort him out myself.", Flags = [MaterialFlag.Threatening] };
        var refer = new ReferToPolice(As(Head), Now, "A parent threatened to confront a teacher at the gate.", "CAD 77", Earlier);
        Spec.ParentBreach.Given(threat).When(refer).Then(new CaseReferredToPolice("A parent threatened to confront a teacher at the gate.", "CAD 77", Earlier));
        Spec.ParentBreach.Given(threat, new VictimWishesRecorded(Teacher, false, "Would rather not.", Earlier))
            .When(refer).Then(new CaseReferredToPolice("A parent threatened to confront a teacher at the gate.", "CAD 77", Earlier));
        // And it is a next step for the managers from the start, beside the member of staff's wishes.
        var guidance = ParentBreach.Guidance(Spec.ParentBreach.Given(threat).State, As(Head), Context, Now);
        Assert.Contains(CaseAction.ReferToPolice, guidance.NextSteps);
        Assert.Contains(CaseAction.RecordVictimWishes, guidance.NextSteps);
    }

    [Fact]
    public void R12_when_school_policy_requires_police_the_victims_refusal_does_not_stop_the_referral() =>
        Spec.ParentBreach
            .Given(Abuse, Under(SchoolSettings.Default with { StaffCyberbullyingPolice = StaffCyberbullyingPolice.Required }),
                new VictimWishesRecorded(Teacher, false, "Would rather not.", Earlier))
            .When(new ReferToPolice(As(Head), Now, "Policy 8.4.", null, Earlier)).Then(new CaseReferredToPolice("Policy 8.4.", null, Earlier));

    [Fact]
    public void R12_closing_after_the_victim_asked_for_police_needs_the_referral() =>
        Spec.ParentBreach.Given(Abuse, new VictimWishesRecorded(Teacher, true, "Wants it reported.", Earlier),
                new DecisionRecorded(CaseDecision.NotReferringToPolice, "", "Head thinks it minor."))
            .When(Close).ThenRefuses("R12");

    [Fact]
    public void Its_parties_are_the_parent_and_the_pupils_the_post_concerns_so_it_is_in_their_chronology()
    {
        var record = CaseRecord.Append(null, Id(500), 0, [Abuse])!;

        Assert.Equal([Year3Pupil], record.Case.Parties.Pupils);
        Assert.Equal(Parent, record.Case.Parties.Parent);
        Assert.Equal([Year3Pupil], record.Pupils);
    }

    [Fact]
    public void A_case_document_stored_before_its_pupils_were_kept_reads_and_names_none()
    {
        var json = JsonNode.Parse(MartenSerializer.Instance.ToJson(CaseRecord.Append(null, Id(500), 0, [Abuse])!))!;
        Assert.True(json["case"]!["state"]!.AsObject().Remove("pupilIds"));

        var read = (CaseRecord)MartenSerializer.Instance.FromJson(typeof(CaseRecord), new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString())));

        Assert.Empty(read.Case.Parties.Pupils);
        Assert.Equal(Parent, read.Case.Parties.Parent);
    }

    [Fact]
    public void Roles_a_member_of_staff_cannot_invite_the_parent() =>
        Spec.ParentBreach.Given(Rude).When(new InviteParentToMeeting(As(Teacher), Now, Now.AddDays(1), Earlier)).ThenForbids("ROLES");

    /// <summary>Sladefield: a parent posts abuse about a teacher and refuses to take it down.</summary>
    [Fact]
    public void Scenario_Sladefield_parent_posts_abuse_about_a_teacher()
    {
        var head = As(Head);
        var url = "https://facebook.example/post/1";
        var story = Spec.ParentBreach
            .Do(new ReportParentBreach(As(Teacher), Now, Parent, [Year3Pupil], "Facebook", url, "Threatened to 'sort out' Mr Teacher at the gate.",
                [MaterialFlag.Threatening, MaterialFlag.Abusive], Teacher, Earlier))
            .Do(new RecordEvidence(head, Now, Id(1), EvidenceKind.Screenshot, url, Earlier, Now, "Screen print of the post with date and time.", "9f86d0"))
            .Refuses(new RequestContentRemoval(head, Now, RemovalAskedOf.Platform, url, Now), "R10")
            .Do(new RequestContentRemoval(head, Now, RemovalAskedOf.Poster, url, Now))
            .Refuses(new RequestContentRemoval(head, Now, RemovalAskedOf.Platform, url, Now), "R10")
            .Refuses(RemoveInteraction with { OccurredAt = Now }, "R10")
            .Do(new InviteParentToMeeting(head, Now, Now.AddDays(1), Now))
            .Do(new RecordMeeting(head, Now, Id(2), Now, ["Headteacher", "Parent"], "Parent refused to remove the post."))
            .Do(new RecordContentRemovalOutcome(head, Now, RemovalAskedOf.Poster, url, ContentRemovalOutcome.Refused, Now))
            .Do(new RequestContentRemoval(head, Now, RemovalAskedOf.Platform, url, Now))
            .Do(RemoveInteraction with { OccurredAt = Now })
            .Do(new RecordVictimWishes(head, Now, true, "Mr Teacher wants the threat reported.", Now))
            .Refuses(new CloseCase(head, Now, "Done.", "Sanction applied."), "R12")
            .Do(new ReferToPolice(head, Now, "Threat to a member of staff.", "POL-12", Now))
            .Do(new RecordContentRemovalOutcome(head, Now, RemovalAskedOf.Platform, url, ContentRemovalOutcome.Removed, Now))
            .Do(new CloseCase(head, Now, "Post removed by the platform; police informed; parent blocked.", "All steps of the code followed."));

        Assert.True(story.State.Case.Closed);
    }
}
