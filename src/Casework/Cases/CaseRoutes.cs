using Casework.Allegations;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.ParentBreaches;
using Casework.Pupils;

namespace Casework.Cases;

/// <summary>
/// The route table of cases (API.md): reports, reads, and every action on a case, each action's request and decision
/// in its own feature file (ADR 24).
/// </summary>
public static class CaseRoutes
{
    /// <summary>An action's name in routes and in <c>allowedActions</c>: the API's kebab case (<c>refer-to-lado</c>).</summary>
    public static string RouteName(CaseAction action) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(action.ToString());

    public static void MapCases(this IEndpointRouteBuilder app)
    {
        app.MapReport<ReportConcern.Request>("/api/concerns", ConcernCase.New,
            "Report a concern about one or more pupils.",
            "Anyone in the school, R1; the DSL manages it, R2.");
        app.MapReport<RecordDisclosure.Request>("/api/disclosures", DisclosureCase.New,
            "Record what a pupil disclosed, in their own words.",
            "Anyone in the school, R1; the DSL manages it, R2.");
        app.MapReport<ReportAllegation.Request>("/api/allegations", AllegationCase.New,
            "Report an allegation against a member of staff: it goes to the headteacher, or to the chair of governors when the head is the subject.",
            "Anyone in the school, R1; routed by R4.");
        app.MapReport<ReportParentBreach.Request>("/api/parent-breaches", ParentBreachCase.New,
            "Report a parent's post that breaks the social-media code; the DSL and the headteacher manage it.",
            "Anyone in the school, R1.");

        app.MapCaseReads();
        app.MapExportTimeline();
        app.MapPupilChronology();
        app.MapListCases();
        app.MapListMyActions();
        app.MapListMyDeadlinesDueToday();
        app.MapSearchCases();


        var actions = app.MapGroup("/api/cases/{id:guid}");
        actions.MapAction<AddNote.Request>(CaseAction.AddNote,
            "Add a note to the case's record.",
            "The case's manager, or the LADO liaison on a referred allegation; R14.");
        actions.MapAction<AssignAction.Request>(CaseAction.AssignAction,
            "Assign an action to someone, with an optional due date.",
            "The case's manager, R3.");
        actions.MapAction<CloseCase.Request>(CaseAction.Close,
            "Close the case with a summary and rationale once its kind's rules are met.",
            "The case's manager, R3, R8, R9, R11, R12.");
        actions.MapAction<CompleteAction.Request>(CaseAction.CompleteAction,
            "Complete an action assigned on this case, saying what was done.",
            "The case's manager, R3, R14.");
        actions.MapAction<EscalateToDsl.Request>(CaseAction.EscalateToDsl,
            "Bring the case to the DSL, who may then read it, with the reason.",
            "The case's manager, unless a DSL already: R2, R3.");
        actions.MapAction<RecordContentRemovalOutcome.Request>(CaseAction.RecordContentRemovalOutcome,
            "Record the answer to a content removal request, or 'no response' once the poster's waiting period is over.",
            "The case's manager, R10.");
        actions.MapAction<RecordDecision.Request>(CaseAction.RecordDecision,
            "Record a decision with its rationale; 'handle in school' is refused when a UKCIS criterion holds, 'no further action' when the harm threshold is met.",
            "The case's manager, R3, R5, R9, R11.");
        actions.MapAction<RecordEvidence.Request>(CaseAction.RecordEvidence,
            "Record evidence with the site or URL and the time of the incident; imagery of nudes or indecent images is never uploaded.",
            "The case's manager, R6, R9, R13.");
        actions.MapAction<RecordMeeting.Request>(CaseAction.RecordMeeting,
            "Record a meeting held: when, who attended, what was said; refused on an allegation with indecent images until police and LADO are told.",
            "The case's manager, R6.");
        actions.MapAction<RecordReferralAcknowledgement.Request>(CaseAction.RecordReferralAcknowledgement,
            "Record that the police, children's social care or the LADO acknowledged a referral of this case.",
            "The case's manager, or the LADO liaison; R15.");
        actions.MapAction<RecordVictimWishes.Request>(CaseAction.RecordVictimWishes,
            "Record whether a cyberbullied member of staff wants the police told; the decision is theirs.",
            "The case's manager, R12.");
        actions.MapAction<ReferToPolice.Request>(CaseAction.ReferToPolice,
            "Record a referral to the police; for a cyberbullied member of staff only if they want it or the school's policy requires it; on an allegation before the harm threshold is assessed only for an immediate risk of harm, with a rationale.",
            "The case's manager, R3, R5, R6, R11, R12.");
        actions.MapAction<ReferToSocialCare.Request>(CaseAction.ReferToSocialCare,
            "Record a referral to children's social care, which then needs an acknowledgement within a working day; on an allegation before the harm threshold is assessed only for an immediate risk of harm, with a rationale.",
            "The case's manager, R3, R5, R9, R15.");
        actions.MapAction<PlaceLegalHold.Request>(CaseAction.PlaceLegalHold,
            "Place a legal hold (a police investigation, litigation, a pending subject access request) that blocks the record's destruction.",
            "The case's manager, ADR 35.");
        actions.MapAction<LiftLegalHold.Request>(CaseAction.LiftLegalHold,
            "Lift a legal hold once what it was for is over.",
            "The case's manager, ADR 35.");
        actions.MapAction<ReviewRetention.Request>(CaseAction.ReviewRetention,
            "Review a closed record whose retention date has come: keep it until a later day with the reason, or destroy it (its data key deleted, only that it existed kept) unless a legal hold stands.",
            "The case's manager, ADR 35.");
        actions.MapAction<ReopenCase.Request>(CaseAction.Reopen,
            "Reopen a closed case, giving the reason.",
            "The case's manager, R14.");
        actions.MapAction<RequestContentRemoval.Request>(CaseAction.RequestContentRemoval,
            "Ask for content to be removed: the poster first, the platform or POSH only once the poster refused or did not answer in time.",
            "The case's manager, R10, R13.");
        actions.MapAction<ShareTimeline.Request>(CaseAction.ShareTimeline,
            "Record that the timeline was shared, with whom and why; allowed on a closed case.",
            "Anyone who sees the whole case, auditors included; R3.");
        actions.MapAction<TriageCase.Request>(CaseAction.Triage,
            "Triage a concern or disclosure: the risk level and why.",
            "DSL only, R2, R3.");
        actions.MapAction<AssessNudesSharing.Request>(CaseAction.AssessUkcisCriteria,
            "Assess a nudes-sharing concern against the UKCIS criteria, saying whether the imagery as described (never viewed) involves sexual acts, with a rationale; sexual acts with a pupil under 13 is worked out from the directory.",
            "DSL only, R2, R9.");
        actions.MapAction<RecategoriseConcern.Request>(CaseAction.Recategorise,
            "Change a concern's category as more becomes known, with rationale.",
            "DSL only, R2, R3; sharing nudes brings R9 into force.");
        actions.MapAction<AssessHarmThreshold.Request>(CaseAction.AssessHarmThreshold,
            "Assess an allegation against the four limbs of the harm threshold, before anything but LADO contact.",
            "Case manager only, R4, R5.");
        actions.MapAction<ConsiderTraReferral.Request>(CaseAction.ConsiderTraReferral,
            "Record whether the Teaching Regulation Agency was referred to, and why.",
            "Case manager, R3, R8.");
        actions.MapAction<RecordAllegationAdvice.HrRequest>(CaseAction.RecordHrAdvice,
            "Record HR's advice on an allegation, needed before investigating unsuitable material.",
            "Case manager, R5, R7.");
        actions.MapAction<RecordAllegationAdvice.LadoRequest>(CaseAction.RecordLadoAdvice,
            "Record the LADO's advice on an allegation.",
            "Case manager, or the LADO liaison once referred; R4, R7.");
        actions.MapAction<RecordAllegationOutcome.Request>(CaseAction.RecordOutcome,
            "Record one of the five outcomes of an allegation, with a rationale.",
            "Case manager, or the LADO liaison once referred; R8.");
        actions.MapAction<RecordDbsReferral.Request>(CaseAction.RecordDbsReferral,
            "Record the referral to the DBS of a substantiated allegation, required before closing when the person has left.",
            "Case manager, R8.");
        actions.MapAction<RecordInvestigationStep.Request>(CaseAction.RecordInvestigationStep,
            "Record an investigation step: not before police and LADO know of indecent images, nor before advice on unsuitable material.",
            "Case manager, R5, R6, R7.");
        actions.MapAction<RecordLowLevelConcern.Request>(CaseAction.RecordLowLevelConcern,
            "Record a low-level concern when the harm threshold is not met, with a rationale.",
            "Case manager, R4, R5.");
        actions.MapAction<RecordMaterialFound.Request>(CaseAction.RecordMaterialFound,
            "Record indecent images or other unsuitable material found after the report, described, never uploaded: the rules on indecent images or unsuitable material apply from then on.",
            "Case manager.");
        actions.MapAction<RecordSubjectConsent.Request>(CaseAction.RecordSubjectConsent,
            "Record the subject's consent to keep the details of a false or malicious allegation on staff records.",
            "Case manager, R8.");
        actions.MapAction<EraseAllegation.Request>(CaseAction.EraseContent,
            "Erase a false or malicious allegation for good by deleting its data key, once the subject declined to keep it or the window to consent has passed; lists the earlier exports and shares whose recipients must be told.",
            "Case manager, R8, ADR 34.");
        actions.MapAction<ReferAllegationToLado.Request>(CaseAction.ReferToLado,
            "Refer an allegation to the LADO: within a working day once the threshold is met, the same day if indecent images were found.",
            "Case manager, R5, R6.");
        actions.MapAction<ApplySanction.Request>(CaseAction.ApplySanction,
            "Apply a sanction to the parent, with a rationale, once they were invited to a meeting.",
            "DSL or headteacher, R3, R10.");
        actions.MapAction<InviteParentToMeeting.Request>(CaseAction.InviteToMeeting,
            "Invite the parent to a meeting, which must come before any sanction.",
            "DSL or headteacher, R10.");
    }
}
