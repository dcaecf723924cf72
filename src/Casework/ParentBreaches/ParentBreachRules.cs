using Casework.SchoolPolicies;
using Casework.Cases;

namespace Casework.ParentBreaches;

/// <summary>Who may do what to a parent breach, in which order (R10–R12). One guard per action serves Decide and AllowedActions.</summary>
public static partial class ParentBreach
{
    private static readonly IReadOnlyList<CaseAction> Actions = [CaseAction.InviteToMeeting, CaseAction.ApplySanction, .. SharedActions.Actions];

    public static IReadOnlyList<object> Decide(ICaseCommand command, State state, CaseContext context) =>
        Refusal.Guard(Check(command.Action, state, command.Actor, context, command.Now), () => command switch
        {
            ReportParentBreach c => c.Decide(context),
            InviteParentToMeeting c => c.Decide(),
            ApplySanction c => c.Decide(state),
            _ => SharedActions.Decide(command, state.Case, context, posterFirst: true),
        });

    public static IReadOnlyList<CaseAction> AllowedActions(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        SharedActions.Allowed(Actions, action => Check(action, state, actor, context, now));

    public static CaseVisibility Visibility(State state, Actor actor) =>
        CaseGuards.Visibility(state.Case, actor, fullSight: actor.Has(Role.Dsl) || actor.Has(Role.Headteacher));

    public static bool CanRead(State state, Actor actor) => Visibility(state, actor) != CaseVisibility.None;

    internal static Refusal? Check(CaseAction action, State state, Actor actor, CaseContext context, DateTimeOffset now)
    {
        var manages = actor.Has(Role.Dsl) || actor.Has(Role.Headteacher) ? null
            : Refusal.NotPermitted("ROLES", "Only the DSL or the headteacher manages a parent's breach of the social-media code.");
        return action switch
        {
            CaseAction.Report => CaseGuards.MayReport(state.Case, actor),
            CaseAction.InviteToMeeting => manages ?? MeetsParents(state, actor) ?? CaseGuards.Open(state.Case) ?? (state.Invited ? Refusal.AlreadyDone : null),
            CaseAction.ApplySanction => manages ?? CaseGuards.Open(state.Case) ?? ApplySanction.Check(state),
            CaseAction.Close => Shared() ?? PoliceConsidered(state),
            _ => Shared(),
        };

        Refusal? Shared() => SharedActions.Check(action, state.Case, manages, actor, Visibility(state, actor), context, now, "a parent breach");
    }

    // R11: threatening, abusive, sexist, sexual or hate material: the police were told, or a reasoned decision not to.
    private static Refusal? PoliceConsidered(State state) =>
        state.Flags.Count > 0 && !state.Case.ReferredTo(Agency.Police) && !state.Case.Decisions.Contains(CaseDecision.NotReferringToPolice)
            ? Refusal.Broken("R11", "The material is threatening, abusive, sexist, sexual or hateful: refer it to the police, or record the decision not to with a rationale, before closing.")
            : null;

    // R10, as the school's policy says who meets the parent (Clarendon §6: the headteacher).
    private static Refusal? MeetsParents(State state, Actor actor) =>
        state.Case.Policy.ParentMeetingBy == ParentMeetingBy.Headteacher && !actor.Has(Role.Headteacher)
            ? Refusal.NotPermitted("R10", "The school's policy: the headteacher invites a parent in breach of the code to a meeting.")
            : null;
}
