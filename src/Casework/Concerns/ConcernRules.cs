using Casework.SchoolPolicies;
using Casework.Cases;

namespace Casework.Concerns;

/// <summary>Who may do what to a concern, and the decisions. One guard per action serves Decide and AllowedActions.</summary>
public static partial class Concern
{
    private static readonly IReadOnlyList<CaseAction> Actions = [CaseAction.Triage, CaseAction.Recategorise, CaseAction.AssessUkcisCriteria, .. SharedActions.Actions];

    public static IReadOnlyList<object> Decide(ICaseCommand command, State state, CaseContext context) =>
        Refusal.Guard(Check(command.Action, state, command.Actor, context, command.Now), () => command switch
        {
            ReportConcern c => c.Decide(context),
            TriageCase c => c.Decide(state.Case, context),
            RecategoriseConcern c => c.Decide(state),
            AssessNudesSharing c => c.Decide(state, context),
            ReviewRetention c => c.Decide(new ConcernCase(state), context),
            _ => SharedActions.Decide(command, state.Case, context, CaseGuards.DslManages(command.Actor), actor => Visibility(state, actor),
                NudesImageryRefused(state), d => DecisionRefused(state, d)),
        });

    public static IReadOnlyList<CaseAction> AllowedActions(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        SharedActions.Allowed(Actions, action => Check(action, state, actor, context, now));

    /// <summary>What the actor may do, and of that what the rules expect of them now (ADR 30).</summary>
    public static CaseGuidance Guidance(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        CaseGuidance.Of(AllowedActions(state, actor, context, now), Expected(state, context, now), actor, Visibility(state, actor));

    // In the order the rules take them: triage (R2), then R9's assessment and what it requires, then what every kind shares.
    private static IEnumerable<ExpectedStep> Expected(State state, CaseContext context, DateTimeOffset now)
    {
        if (!state.Case.Reported || state.Case.Closed)
        {
            yield break;
        }
        if (state.Case.Triage is null)
        {
            yield return new("the DSL's triage", CaseAction.Triage);
        }
        if (state.Category == ConcernCategory.SharingNudes && PoliceAndParentsAlways(state))
        {
            // The school's policy (ADR 32): the police and the parents, whatever the assessment.
            if (!state.Case.ReferredTo(Agency.Police))
            {
                yield return new("a referral to the police (the school's policy)", CaseAction.ReferToPolice);
            }
            if (!state.Case.Decisions.Overlaps([CaseDecision.ParentsTold, CaseDecision.ParentsNotTold]))
            {
                yield return new("the parents told, or the decision not to tell them for the child's safety", CaseAction.RecordDecision);
            }
        }
        else if (state.Category == ConcernCategory.SharingNudes)
        {
            var referred = state.Case.ReferredTo(Agency.Police) || state.Case.ReferredTo(Agency.ChildrensSocialCare);
            if (state.Ukcis is null)
            {
                yield return new("the DSL's assessment against the UKCIS criteria", CaseAction.AssessUkcisCriteria);
            }
            else if (state.Ukcis.CriteriaMet.Count > 0 && !referred)
            {
                yield return new("a referral to the police or children's social care", CaseAction.ReferToPolice);
                yield return new("a referral to the police or children's social care", CaseAction.ReferToSocialCare);
            }
            else if (!referred && !state.Case.Decisions.Contains(CaseDecision.HandleInSchool))
            {
                yield return new("the DSL's decision to handle it in school, or a referral", CaseAction.RecordDecision);
                yield return new("the DSL's decision to handle it in school, or a referral", CaseAction.ReferToPolice);
                yield return new("the DSL's decision to handle it in school, or a referral", CaseAction.ReferToSocialCare);
            }
        }
        foreach (var step in CaseGuidance.Shared(state.Case, context, now))
        {
            yield return step;
        }
    }

    /// <summary>
    /// DSLs and auditors see every concern; a reporter sees their own report (R2). Where the school's policy tells the
    /// headteacher of attempts to contact staff, the headteacher reads those concerns too; the DSL still manages them.
    /// </summary>
    public static CaseVisibility Visibility(State state, Actor actor) =>
        CaseGuards.Visibility(state.Case, actor, fullSight: actor.Has(Role.Dsl)
            || (actor.Has(Role.Headteacher) && state.Category == ConcernCategory.ContactAttempt
                && state.Case.Policy.ContactAttemptsTold == ContactAttemptsTold.DslAndHeadteacher));

    public static bool CanRead(State state, Actor actor) => Visibility(state, actor) != CaseVisibility.None;

    internal static Refusal? Check(CaseAction action, State state, Actor actor, CaseContext context, DateTimeOffset now)
    {
        var manages = CaseGuards.DslManages(actor);
        return action switch
        {
            CaseAction.Report => CaseGuards.MayReport(state.Case, actor),
            CaseAction.Triage or CaseAction.Recategorise => manages ?? CaseGuards.Open(state.Case),
            CaseAction.AssessUkcisCriteria => manages ?? CaseGuards.Open(state.Case) ?? AssessNudesSharing.Check(state),
            CaseAction.Close => Shared() ?? CaseGuards.Triaged(state.Case, "the concern") ?? NudesReadyToClose(state),
            CaseAction.ReferToPolice => Shared() ?? ReferToPolice.VictimDecides(state.Case),
            _ => Shared(),
        };

        Refusal? Shared() => SharedActions.Check(action, state.Case, manages, actor, Visibility(state, actor), context, now, "a concern");
    }

    // R9: the imagery itself is never uploaded.
    private static Refusal? NudesImageryRefused(State state) =>
        state.Category == ConcernCategory.SharingNudes
            ? Refusal.Broken("R9", "Images of nudes or semi-nudes are never uploaded. Record a written description instead.")
            : null;

    // R9: handling in school is open only once the UKCIS criteria were assessed and none holds, and never where the school's
    // policy sends every incident to the police and the parents (ADR 32).
    private static Refusal? DecisionRefused(State state, CaseDecision decision) =>
        decision != CaseDecision.HandleInSchool || state.Category != ConcernCategory.SharingNudes ? null
        : PoliceAndParentsAlways(state) ? Refusal.Broken("R9", PoliceAndParentsAlwaysSays + " Refer it to the police.")
        : state.Ukcis is null ? Refusal.Broken("R9", "Assess the case against the UKCIS criteria before deciding to handle it in school.")
        : state.Ukcis.CriteriaMet.Count > 0
            ? Refusal.Broken("R9", $"This case cannot be handled in school: {Describe(state.Ukcis)}. Refer it to the police or children's social care.")
        : null;

    // R9: a nudes case closes only after a referral (required when a criterion holds) or a decision to handle it in school.
    private static Refusal? NudesReadyToClose(State state)
    {
        if (state.Category != ConcernCategory.SharingNudes)
        {
            return null;
        }
        var referred = state.Case.ReferredTo(Agency.Police) || state.Case.ReferredTo(Agency.ChildrensSocialCare);
        if (PoliceAndParentsAlways(state))
        {
            return !state.Case.ReferredTo(Agency.Police) ? Refusal.Broken("R9", PoliceAndParentsAlwaysSays + " Refer it to the police before closing.")
                : !state.Case.Decisions.Overlaps([CaseDecision.ParentsTold, CaseDecision.ParentsNotTold])
                    ? Refusal.Broken("R9", PoliceAndParentsAlwaysSays + " Record that the parents were told, or the decision not to tell them because it would put the child at risk, before closing.")
                : null;
        }
        return state.Ukcis is null ? Refusal.Broken("R9", "Assess the case against the UKCIS criteria before closing it.")
            : state.Ukcis.CriteriaMet.Count > 0 && !referred
                ? Refusal.Broken("R9", $"Refer this case to the police or children's social care before closing it: {Describe(state.Ukcis)}.")
            : !referred && !state.Case.Decisions.Contains(CaseDecision.HandleInSchool)
                ? Refusal.Broken("R9", "Record the decision to handle this in school, with its rationale, or refer it, before closing.")
            : null;
    }

    private static bool PoliceAndParentsAlways(State state) => state.Case.Policy.SharingNudes == SharingNudesPolicy.PoliceAndParentsAlways;

    private const string PoliceAndParentsAlwaysSays =
        "The school's policy reports every sharing-nudes incident to the police and the parents (stricter than UKCIS).";

    // An assessment recorded before the sexual-acts question stands as assessed (ADR 26); the DSL is told why
    // "pupil under 13" holds there, and that assessing again answers the question.
    private static string Describe(NudesSharingAssessed ukcis) =>
        "UKCIS criteria hold (" + string.Join(", ", ukcis.CriteriaMet.Select(c => c.ToString())) + ")"
        + (ukcis.SexualActs is null && ukcis.CriteriaMet.Contains(UkcisCriterion.PupilUnderThirteen)
            ? "; this assessment was recorded before Casework asked whether the imagery involves sexual acts, when a pupil under 13 "
              + "was a criterion whatever the imagery showed: assess the case again to answer it"
            : "");
}
