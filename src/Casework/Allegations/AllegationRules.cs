using Casework.Cases;

namespace Casework.Allegations;

/// <summary>Who may do what to an allegation, in which order (R4–R8). One guard per action serves Decide and AllowedActions.</summary>
public static partial class Allegation
{
    private static readonly IReadOnlyList<CaseAction> Actions =
    [
        CaseAction.AssessHarmThreshold, CaseAction.ReferToLado, CaseAction.RecordLadoAdvice, CaseAction.RecordHrAdvice,
        CaseAction.RecordLowLevelConcern, CaseAction.RecordInvestigationStep, CaseAction.RecordOutcome,
        CaseAction.RecordDbsReferral, CaseAction.ConsiderTraReferral, CaseAction.RecordSubjectConsent,
        CaseAction.RecordMaterialFound, CaseAction.EraseContent, .. SharedActions.Actions,
    ];

    // R5: before the threshold is assessed only LADO contact may happen (and record keeping that decides nothing),
    // and a police or social-care referral that records an immediate risk of harm to a child.
    private static readonly IReadOnlySet<CaseAction> AllowedBeforeThreshold = new HashSet<CaseAction>
    {
        CaseAction.AssessHarmThreshold, CaseAction.ReferToLado, CaseAction.RecordLadoAdvice,
        CaseAction.RecordReferralAcknowledgement, CaseAction.AddNote, CaseAction.RecordMaterialFound,
    };

    // The LADO liaison's part, once the case is referred to the LADO.
    private static readonly IReadOnlySet<CaseAction> LadoActions = new HashSet<CaseAction>
    {
        CaseAction.RecordLadoAdvice, CaseAction.RecordOutcome, CaseAction.RecordReferralAcknowledgement, CaseAction.AddNote,
    };

    // R6: nothing that touches the material before the police and the LADO are told.
    private static readonly IReadOnlySet<CaseAction> TouchesTheMaterial = new HashSet<CaseAction>
    {
        CaseAction.RecordInvestigationStep, CaseAction.RecordEvidence, CaseAction.RecordMeeting,
    };

    public static IReadOnlyList<object> Decide(ICaseCommand command, State state, CaseContext context) =>
        Refusal.Guard(Check(command.Action, state, command.Actor, context, command.Now,
            immediateRisk: command is ReferToPolice { ImmediateRisk: true } or ReferToSocialCare { ImmediateRisk: true }), () => command switch
        {
            ReportAllegation c => c.Decide(context),
            AssessHarmThreshold c => c.Decide(state, context),
            ReferAllegationToLado c => c.Decide(state.Case, context),
            RecordAllegationAdvice c => c.Decide(state.Case),
            RecordLowLevelConcern c => c.Decide(),
            RecordInvestigationStep c => c.Decide(state.Case),
            RecordAllegationOutcome c => c.Decide(state),
            RecordDbsReferral c => c.Decide(),
            ConsiderTraReferral c => c.Decide(),
            RecordSubjectConsent c => c.Decide(state),
            EraseAllegation c => c.Decide(),
            RecordMaterialFound c => c.Decide(state),
            CloseCase c => [.. c.Decide(), .. ErasureOnClosing(state)],
            ReviewRetention c => c.Decide(new AllegationCase(state), context),
            _ => SharedActions.Decide(command, state.Case, context, Acts(state, command.Actor, LadoActions.Contains(command.Action)), actor => Visibility(state, actor),
                MaterialNeverUploaded(state), d => DecisionRefused(state, d)),
        });

    /// <summary>What the actor may do now; before the threshold is assessed that includes a referral recording an immediate risk (R5).</summary>
    public static IReadOnlyList<CaseAction> AllowedActions(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        SharedActions.Allowed(Actions, action => Check(action, state, actor, context, now, immediateRisk: true));

    /// <summary>What the actor may do, and of that what the rules expect of them now (ADR 30).</summary>
    public static CaseGuidance Guidance(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        CaseGuidance.Of(AllowedActions(state, actor, context, now), Expected(state, context, now), actor, Visibility(state, actor));

    // In the order the rules take them: R6's referrals at once, R5's assessment and what it leads to, R7's advice,
    // R8's outcome and DBS referral, then what every kind shares.
    private static IEnumerable<ExpectedStep> Expected(State state, CaseContext context, DateTimeOffset now)
    {
        if (!state.Case.Reported || state.Case.Closed)
        {
            yield break;
        }
        var manager = state.ManagerRole == Role.ChairOfGovernors ? "the chair of governors'" : "the headteacher's";
        var lado = state.Case.ReferredTo(Agency.Lado);
        if (state.IndecentImages && !state.Case.ReferredTo(Agency.Police))
        {
            yield return new("a referral to the police", CaseAction.ReferToPolice);
        }
        if (state.IndecentImages && !lado)
        {
            yield return new("a referral to the LADO", CaseAction.ReferToLado);
        }
        if (state.Threshold is null)
        {
            yield return new($"{manager} harm threshold assessment", CaseAction.AssessHarmThreshold);
        }
        else if (state.Threshold.Met && !lado)
        {
            yield return new("a referral to the LADO", CaseAction.ReferToLado);
        }
        else if (!state.Threshold.Met && !state.LowLevelConcern && !state.Case.Decisions.Contains(CaseDecision.NoFurtherAction))
        {
            yield return new($"{manager} low-level concern or decision of no further action", CaseAction.RecordLowLevelConcern);
            yield return new($"{manager} low-level concern or decision of no further action", CaseAction.RecordDecision);
        }
        if (state.UnsuitableMaterial && state.Advice.IsEmpty)
        {
            yield return new("HR's or the LADO's advice on the material", CaseAction.RecordHrAdvice);
            yield return new("HR's or the LADO's advice on the material", CaseAction.RecordLadoAdvice);
        }
        else if (lado && !state.Advice.Contains(AdviceSource.Lado))
        {
            yield return new("the LADO's advice", CaseAction.RecordLadoAdvice);
        }
        if (state.Threshold is not null && state.Outcome is null)
        {
            yield return new("the outcome of the allegation", CaseAction.RecordOutcome);
        }
        if (state.Outcome == AllegationOutcome.Substantiated && context.HasLeft(state.SubjectId) && !state.DbsReferred)
        {
            yield return new("a referral to the DBS", CaseAction.RecordDbsReferral);
        }
        foreach (var step in CaseGuidance.Shared(state.Case, context, now))
        {
            yield return step;
        }
    }

    /// <summary>
    /// R4: the subject never sees it; nor does any headteacher when the chair of governors manages it.
    /// The manager, auditors, the LADO liaison once referred and the DSL once escalated see it all.
    /// </summary>
    public static CaseVisibility Visibility(State state, Actor actor) =>
        actor.Id == state.SubjectId || (state.ManagerRole == Role.ChairOfGovernors && actor.Has(Role.Headteacher))
            ? CaseVisibility.None
            : CaseGuards.Visibility(state.Case, actor, fullSight: IsManager(state, actor)
                || (actor.Has(Role.LadoLiaison) && state.Case.ReferredTo(Agency.Lado))
                || (actor.Has(Role.Dsl) && state.Case.EscalatedToDsl));

    /// <summary>R8: false or malicious, and the subject has not consented to keeping the details.</summary>
    public static bool Withheld(State state) =>
        state.Outcome is AllegationOutcome.False or AllegationOutcome.Malicious && !state.SubjectConsentToKeep;

    public static bool CanRead(State state, Actor actor) => Visibility(state, actor) != CaseVisibility.None;

    // immediateRisk: the referral records an immediate risk of harm to a child (R5 lets it come before the assessment).
    internal static Refusal? Check(CaseAction action, State state, Actor actor, CaseContext context, DateTimeOffset now, bool immediateRisk)
    {
        var who = Acts(state, actor, LadoActions.Contains(action));
        return action switch
        {
            CaseAction.Report => CaseGuards.MayReport(state.Case, actor),
            _ when !Actions.Contains(action) => CaseGuards.NotThisKind(action, "an allegation"),
            // ADR 34: an erased case holds no readable content and records nothing more.
            CaseAction.EraseContent when state.Case.Erased => who ?? Refusal.AlreadyDone,
            _ when state.Case.Erased => Refusal.Broken("R8", "This allegation's content was erased; nothing more is recorded on it."),
            CaseAction.EraseContent => who ?? EraseAllegation.Check(state, now),
            // R8: a withheld record's timeline is its content; it is not shared.
            CaseAction.ShareTimeline when Withheld(state) => Refusal.NotPermitted("R8", Sight.WithheldBecause),
            // An assignee who does not manage the case completes their own action (the shared guard decides).
            CaseAction.ShareTimeline or CaseAction.Reopen or CaseAction.CompleteAction or CaseAction.PlaceLegalHold or CaseAction.LiftLegalHold
                or CaseAction.ReviewRetention => Shared(),
            CaseAction.Close => Shared() ?? ReadyToClose(state, context),
            _ => who ?? CaseGuards.Open(state.Case) ?? PoliceAndLadoFirst(state, action) ?? ThresholdFirst(state, action, immediateRisk) ?? action switch
            {
                CaseAction.ReferToLado => null, // a repeat of the same referral is recognised when deciding (R14)
                CaseAction.RecordMaterialFound => state.IndecentImages && state.UnsuitableMaterial ? Refusal.AlreadyDone : null,
                CaseAction.RecordLowLevelConcern => RecordLowLevelConcern.Check(state),
                CaseAction.RecordInvestigationStep => RecordInvestigationStep.Check(state),
                CaseAction.RecordDbsReferral => RecordDbsReferral.Check(state),
                CaseAction.ConsiderTraReferral => ConsiderTraReferral.Check(state),
                CaseAction.RecordSubjectConsent => RecordSubjectConsent.Check(state),
                CaseAction.AssessHarmThreshold or CaseAction.RecordLadoAdvice or CaseAction.RecordHrAdvice or CaseAction.RecordOutcome => null,
                _ => Shared(),
            },
        };

        Refusal? Shared() => SharedActions.Check(action, state.Case, who, actor, Visibility(state, actor), context, now, "an allegation");
    }

    private static bool IsManager(State state, Actor actor) =>
        actor.Has(state.ManagerRole) && !(state.ManagerRole == Role.ChairOfGovernors && actor.Has(Role.Headteacher));

    // R4: the subject can never act; otherwise the manager, and the LADO liaison for the LADO's part once referred.
    private static Refusal? Acts(State state, Actor actor, bool ladoMayAct) =>
        actor.Id == state.SubjectId ? Refusal.NotPermitted("R4", "You cannot see or act on an allegation about yourself.")
        : IsManager(state, actor) || (ladoMayAct && actor.Has(Role.LadoLiaison) && state.Case.ReferredTo(Agency.Lado)) ? null
        : Refusal.NotPermitted("R4", state.ManagerRole == Role.ChairOfGovernors
            ? "Only the chair of governors manages an allegation about the headteacher."
            : "Only the headteacher manages allegations against staff.");

    private static Refusal? PoliceAndLadoFirst(State state, CaseAction action) =>
        state.IndecentImages && TouchesTheMaterial.Contains(action)
            && !(state.Case.ReferredTo(Agency.Police) && state.Case.ReferredTo(Agency.Lado))
            ? Refusal.Broken("R6", "Indecent images were found: tell the police and the LADO before recording any investigation, evidence or meeting. Do not open or examine the material.")
            : null;

    private static Refusal? ThresholdFirst(State state, CaseAction action, bool immediateRisk) =>
        state.Threshold is not null || AllowedBeforeThreshold.Contains(action) || (action == CaseAction.ReferToPolice && state.IndecentImages)
            || (immediateRisk && action is CaseAction.ReferToPolice or CaseAction.ReferToSocialCare)
            ? null
            : Refusal.Broken("R5", "Assess the allegation against the harm threshold first; only contact with the LADO, or a police or social-care referral for an immediate risk of harm, comes before that.");

    private static Refusal? MaterialNeverUploaded(State state) =>
        state.IndecentImages
            ? Refusal.Broken("R6", "The indecent images themselves are never uploaded. Record a written description; the police hold the material.")
            : null;

    // R5: when the threshold is met the LADO must be told; "no further action" is for allegations below it.
    private static Refusal? DecisionRefused(State state, CaseDecision decision) =>
        decision == CaseDecision.NoFurtherAction && state.Threshold?.Met == true
            ? Refusal.Broken("R5", "The harm threshold is met: refer to the LADO rather than take no further action.")
            : null;

    // R8 (and R5 below the threshold): what must be on record before an allegation closes.
    private static Refusal? ReadyToClose(State state, CaseContext context) =>
        state.IndecentImages && !(state.Case.ReferredTo(Agency.Police) && state.Case.ReferredTo(Agency.Lado))
            ? Refusal.Broken("R6", "Indecent images were found: the police and the LADO must both be told before the allegation can close.")
        : state.Outcome is not { } outcome ? Refusal.Broken("R8", "Record one of the five outcomes before closing the allegation.")
        : state.Threshold?.Met == true && !state.Case.ReferredTo(Agency.Lado)
            ? Refusal.Broken("R8", "The harm threshold was met: refer to the LADO before closing.")
        : state.Threshold?.Met == false && !state.LowLevelConcern && !state.Case.Decisions.Contains(CaseDecision.NoFurtherAction)
            ? Refusal.Broken("R5", "Below the harm threshold, record a low-level concern or a decision of no further action before closing.")
        : outcome == AllegationOutcome.Substantiated && context.HasLeft(state.SubjectId) && !state.DbsReferred
            ? Refusal.Broken("R8", "The allegation is substantiated and the person has left: record the referral to the DBS before closing.")
        : null;

    // R8: false and malicious allegations leave staff-facing registers unless the subject consented to keeping them.
    private static IEnumerable<object> ErasureOnClosing(State state) =>
        Withheld(state) && !state.ErasedFromStaffRegisters
            ? [new AllegationErasedFromStaffRegisters(state.Outcome!.Value)]
            : [];
}
