using Casework.SchoolPolicies;
using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.Directory;
using Casework.Disclosures;
using Casework.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>Every event in plain words: people by name, never by id, and the reason where the event records one.</summary>
public class TimelineWordsTests
{
    private static readonly DirectoryNames Names = new(People.ToDictionary(p => p.Id));

    private static readonly DateTimeOffset At = new(2026, 3, 9, 14, 5, 0, TimeSpan.Zero);

    /// <summary>An event, what it says happened and why.</summary>
    public static TheoryData<object, string, string?> Worded => new()
    {
        { new CaseTriaged(RiskLevel.Immediate, "Threats of violence."), "Triaged: immediate risk", "Threats of violence." },
        { new CaseEscalatedToDsl("A pupil is named."), "Escalated to the designated safeguarding lead", "A pupil is named." },
        { new CaseReferredToPolice("Threats online.", "CAD 123", At), "Referred to the police (reference CAD 123): Threats online.", null },
        { new CaseReferredToSocialCare("Concerns about home.", null, At), "Referred to children's social care: Concerns about home.", null },
        { new ReferralAcknowledged(Agency.ChildrensSocialCare, "MASH-9", At), "Referral acknowledged by children's social care (reference MASH-9)", null },
        { new ContentRemovalRequested(RemovalAskedOf.Posh, "https://x.example/p/1", At), "Removal of https://x.example/p/1 asked of POSH (the Professionals Online Safety Helpline)", null },
        { new ContentRemovalOutcomeRecorded(RemovalAskedOf.Poster, ContentRemovalOutcome.NoResponse, At), "Content removal asked of the poster: no response", null },
        { new MeetingHeld(Id(90), At, ["Dana Lead", "Pat Parent"], "Agreed a plan."), "Meeting held with Dana Lead, Pat Parent: Agreed a plan.", null },
        { new EvidenceRecorded(Id(91), EvidenceKind.WrittenRecord, "Form room", At, At, "Notes of what was said.", "ab12"),
            "Evidence recorded (written record, Form room, captured 9 Mar 2026 14:05 UTC): Notes of what was said. (file SHA-256 ab12)", null },
        { new DecisionRecorded(CaseDecision.HandleInSchool, "Restorative meeting.", "No UKCIS criterion holds."), "Decision: handle in school: Restorative meeting.", "No UKCIS criterion holds." },
        { new ActionAssigned(Id(92), Teacher, "Call the parents.", new DateOnly(2026, 3, 11)), "Action assigned to Tom Teacher: Call the parents., due 11 Mar 2026", null },
        { new ActionCompleted(Id(92), "Parents called."), "Action completed: Parents called.", null },
        { new NoteAdded(Id(93), "Pupil seemed calmer."), "Note: Pupil seemed calmer.", null },
        { new VictimWishesRecorded(Teacher, false, "Wants it handled in school.", At), "Wishes of Tom Teacher recorded: does not want the police told", "Wants it handled in school." },
        { new TimelineShared("LADO, Anyshire", "Strategy meeting."), "Timeline shared with LADO, Anyshire", "Strategy meeting." },
        { new TimelineShared("LADO, Anyshire", "Strategy meeting.", "pdf", "00ff"), "Timeline shared with LADO, Anyshire as PDF (SHA-256 00ff)", "Strategy meeting." },
        { new CaseClosed("Resolved.", "Bullying stopped."), "Closed: Resolved.", "Bullying stopped." },
        { new CaseReopened("It started again."), "Reopened", "It started again." },
        { new ConcernReported(Teacher, At, [new PupilInvolved(Year8Pupil, PupilRole.Victim), new PupilInvolved(Year6Pupil, PupilRole.AllegedPerpetrator)],
                ConcernCategory.Cyberbullying, "Messages in a group chat.", new Place("Class group chat", "WhatsApp", null), At, null),
            "Concern reported (cyberbullying) about Eve Eight (victim), Sam Six (alleged perpetrator); where: Class group chat on WhatsApp: Messages in a group chat.", null },
        { new NudesSharingAssessed([], false, "Both 15, consensual, no pressure."), "UKCIS criteria assessed: none holds; the imagery, as described, involves no sexual acts", "Both 15, consensual, no pressure." },
        { new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen], true, "Aged 11."),
            "UKCIS criteria assessed: sexual acts involving a pupil under 13; the imagery, as described, involves sexual acts", "Aged 11." },
        // ADR 26: an assessment recorded before the question says so, and its criterion in the words it was assessed with.
        { new NudesSharingAssessed([UkcisCriterion.PupilUnderThirteen], null, "Aged 11."),
            "UKCIS criteria assessed: pupil under thirteen; recorded before Casework asked whether the imagery involves sexual acts", "Aged 11." },
        { new ConcernRecategorised(ConcernCategory.OnlineSafety, ConcernCategory.SharingNudes, "An image was mentioned."), "Recategorised from online safety to sharing nudes", "An image was mentioned." },
        { new DisclosureRecorded(Dsl, At, Year8Pupil, Teacher, "He hits me.", DisclosureAbout.AnotherChild, Year6Pupil, At),
            "Eve Eight disclosed to Tom Teacher, about Sam Six, in their words: \"He hits me.\"", null },
        { new AllegationReported(Teacher, At, OtherTeacher, "Messaged a pupil at night.", At, false, true),
            "Allegation reported against Olive Teacher; other unsuitable material found: Messaged a pupil at night.", null },
        { new AllegationMaterialFound(true, false, "Found on a school laptop.", At), "Material found (indecent images): Found on a school laptop.", null },
        { new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors), "Case manager, as R4 routes it: Colin Chair (chair of governors)", null },
        { new HarmThresholdAssessed(true, [HarmLimb.HarmedOrMayHaveHarmedAChild], "Messages were sexual."), "Harm threshold met: harmed or may have harmed a child", "Messages were sexual." },
        { new HarmThresholdAssessed(false, [], "Raised voice only."), "Harm threshold not met", "Raised voice only." },
        { new LowLevelConcernRecorded("Raised voice.", "Below the threshold."), "Low-level concern recorded: Raised voice.", "Below the threshold." },
        { new AllegationReferredToLado("Messages to a pupil.", "LADO-7", At), "Referred to the LADO (reference LADO-7): Messages to a pupil.", null },
        { new AllegationAdviceRecorded(AdviceSource.Lado, "Suspend pending investigation.", At), "LADO advice: Suspend pending investigation.", null },
        { new InvestigationStepRecorded(Id(94), "Interviewed the pupil.", At), "Investigation step: Interviewed the pupil.", null },
        { new AllegationOutcomeRecorded(AllegationOutcome.Unfounded, "No evidence."), "Outcome: unfounded", "No evidence." },
        { new DbsReferralRecorded("DBS-1", At), "Referred to the Disclosure and Barring Service (reference DBS-1)", null },
        { new TraReferralConsidered(false, "Not a teacher."), "Referral to the Teaching Regulation Agency considered: not referred", "Not a teacher." },
        { new SubjectConsentToKeepRecorded("Signed on 3 March.", At), "The subject consented to the details being kept", "Signed on 3 March." },
        {
            new ContentErased(Id(98), ErasureReason.RetentionReview, Dsl, At, [], [1, 2]),
            "Content erased by Dana Lead: a retention review's decision; no earlier copies; 2 entries stored before content was sealed stay readable", null
        },
        { new LegalHoldPlaced(Id(96), LegalHoldKind.PoliceInvestigation, "MPS-1"), "Legal hold placed: police investigation (reference MPS-1)", null },
        { new LegalHoldLifted(Id(96)), "Legal hold lifted", null },
        { new RetentionReviewed(Id(97), new DateOnly(2040, 9, 1), "A sibling's case refers to it."), "Retention reviewed: kept until 1 Sep 2040", "A sibling's case refers to it." },
        { new RecordDestroyed(Id(97), At, new DateOnly(2026, 1, 1)), "Record destroyed: its retention period ended on 1 Jan 2026", null },
        { new SubjectConsentToKeepDeclined("Asked on 3 March.", At), "The subject declined to have the details kept", "Asked on 3 March." },
        {
            new ContentErased(Id(95), ErasureReason.FalseOrMaliciousAllegation, Head, At, [new EarlierCopy(Dsl, At, CopyKind.Export), new EarlierCopy(Dsl, At, CopyKind.Share)]),
            "Content erased by Helen Head: a false or malicious allegation (R8); recipients of 2 earlier copies to be told, made by Dana Lead", null
        },
        { new AllegationErasedFromStaffRegisters(AllegationOutcome.Malicious), "Removed from staff-facing registers: a malicious allegation, kept without the subject's consent", null },
        { new ParentBreachReported(Teacher, At, Parent, [Year3Pupil], "Facebook", "https://f.example/1", "Abuse of a teacher.", [MaterialFlag.Abusive], Teacher, At),
            "Breach of the social-media code reported: Pat Parent (parent of Theo Three) posted on Facebook (https://f.example/1); abusive; about Tom Teacher: Abuse of a teacher.", null },
        { new ParentInvitedToMeeting(At, At), "Parent invited to a meeting on 9 Mar 2026 14:05 UTC", null },
        { new ParentSanctionApplied(Sanction.SchoolAccountInteractionRemoved, "Blocked on the school's pages.", "Repeated abuse.", At),
            "Sanction applied: school account interaction removed: Blocked on the school's pages.", "Repeated abuse." },
        { new StaffMemberAdded(Head, "Helen Head", [Role.Headteacher, Role.Dsl]), "Helen Head joined the staff (headteacher, DSL)", null },
        { new StaffMemberUpdated(Head, "Helen Head", [Role.LadoLiaison]), "Helen Head's staff record changed (LADO liaison)", null },
        { new StaffMemberRemoved(LeftStaff), "Larry Left left the staff", null },
        { new PupilAdded(Year6Pupil, "Sam Six", new DateOnly(2014, 11, 2), 6), "Sam Six joined the school (year 6)", null },
        { new PupilUpdated(Year6Pupil, "Sam Six", new DateOnly(2014, 11, 2), 7), "Sam Six's pupil record changed (year 7)", null },
        { new PupilRemoved(Year6Pupil), "Sam Six left the school", null },
        { new ParentAdded(Parent, "Pat Parent", [Year3Pupil]), "Pat Parent recorded as parent of Theo Three", null },
        { new ParentUpdated(Parent, "Pat Parent", [Year3Pupil, Year6Pupil]), "Pat Parent's parent record changed (parent of Theo Three, Sam Six)", null },
        { new ParentRemoved(Parent), "Pat Parent removed as a parent", null },
        {
            new SchoolPolicyApplied(2, new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.FromHours(1)), SchoolSettings.Default with { ParentMeetingBy = ParentMeetingBy.Headteacher }),
            "Under the school's settings, version 2, in force from 31 Aug 2026 23:00 UTC: Only the headteacher invites a parent in breach of the code to a meeting.", null
        },
        {
            new DeadlineMissed(DeadlineNames.DslTriage, new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), null, [Role.Headteacher]),
            "Deadline missed: dsl triage, due 8 Dec 2026 00:00 UTC; escalated to headteacher", null
        },
        { new SchoolPolicyApplied(1, new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.FromHours(1)), SchoolSettings.Default), "Under the school's settings, version 1, in force from 31 Aug 2026 23:00 UTC: the default policy", null },
        {
            new SchoolPolicyProposed(Id(90), SchoolSettings.Default, new DateOnly(2026, 9, 1), "Governors adopted the new policy.", Dsl, "clarendon"),
            "Dana Lead proposed a change to the school's settings, from 1 Sep 2026 (the clarendon policy pack)", "Governors adopted the new policy."
        },
        { new SchoolPolicyApproved(Id(90), Head, 1, new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.FromHours(1)), null), "Helen Head approved the school's settings, version 1, in force from 31 Aug 2026 23:00 UTC", null },
        { new SchoolPolicyRejected(Id(90), Chair, "Not yet reviewed."), "Colin Chair rejected a proposed change to the school's settings", "Not yet reviewed." },
    };

    [Theory]
    [MemberData(nameof(Worded))]
    public void An_event_reads_as_what_happened_and_why(object @event, string what, string? why) =>
        Assert.Equal((what, why), TimelineWords.Of(@event, Names.Of));

    [Fact]
    public void Every_catalogued_event_type_has_words_of_its_own()
    {
        Assert.All(EventCatalogTests.Examples, e => Assert.True(TimelineWords.HasWords(e), $"{e.GetType().Name} has no wording"));
        Assert.Equal(EventCatalog.All.Select(e => e.Type).Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            Worded.Select(row => row[0].GetType()).Distinct().Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))));
    }

    [Fact]
    public void Someone_missing_from_the_directory_is_said_to_be_so_and_never_shown_by_id()
    {
        var stranger = Guid.NewGuid();
        var (what, _) = TimelineWords.Of(new ActionAssigned(Id(95), stranger, "Phone the LADO.", null), Names.Of);

        Assert.Equal($"Action assigned to {DirectoryNames.Unknown}: Phone the LADO.", what);
        Assert.DoesNotContain(stranger.ToString(), what);
    }

    [Fact]
    public void The_people_an_event_names_are_the_ones_its_words_ask_for() =>
        Assert.Equal([Parent, Year3Pupil, Teacher],
            TimelineWords.PeopleNamed(new ParentBreachReported(Teacher, At, Parent, [Year3Pupil], "Facebook", null, "w", [], Teacher, At)).Distinct());

    [Fact]
    public void Roles_read_as_words() =>
        Assert.Equal(["DSL", "LADO liaison", "chair of governors", "staff"],
            new[] { "dsl", "lado-liaison", "chair-of-governors", "staff" }.Select(TimelineWords.RoleInWords));
}
