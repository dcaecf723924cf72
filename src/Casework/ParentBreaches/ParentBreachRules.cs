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
            ReviewRetention c => c.Decide(new ParentBreachCase(state), context),
            _ => SharedActions.Decide(command, state.Case, context, Manages(command.Actor), actor => Visibility(state, actor), posterFirst: true),
        });

    public static IReadOnlyList<CaseAction> AllowedActions(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        SharedActions.Allowed(Actions, action => Check(action, state, actor, context, now));

    /// <summary>What the actor may do, and of that what the rules expect of them now (ADR 30).</summary>
    public static CaseGuidance Guidance(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        CaseGuidance.Of(AllowedActions(state, actor, context, now), Expected(state, context, now), actor, Visibility(state, actor));

    // The meeting before any sanction (R10); R12's wishes (shared) before R11's police question, which waits on them
    // while the decision is the staff member's.
    private static IEnumerable<ExpectedStep> Expected(State state, CaseContext context, DateTimeOffset now)
    {
        if (!state.Case.Reported || state.Case.Closed)
        {
            yield break;
        }
        if (!state.Invited)
        {
            yield return new("an invitation to the parent to meet", CaseAction.InviteToMeeting);
        }
        var shared = CaseGuidance.Shared(state.Case, context, now).ToList();
        foreach (var step in shared)
        {
            yield return step;
        }
        if (state.Flags.Count > 0 && !state.Case.ReferredTo(Agency.Police) && !state.Case.Decisions.Contains(CaseDecision.NotReferringToPolice)
            && !shared.Any(s => s.Action == CaseAction.ReferToPolice))
        {
            if (VictimDecides(state) is null)
            {
                yield return new("a police referral, or a decision not to refer", CaseAction.ReferToPolice);
                yield return new("a police referral, or a decision not to refer", CaseAction.RecordDecision);
            }
            else if (state.Case.VictimWantsPolice == false)
            {
                // R12: the member of staff chose no police; R11 still wants the decision on record.
                yield return new("a decision not to refer to the police", CaseAction.RecordDecision);
            }
        }
    }

    public static CaseVisibility Visibility(State state, Actor actor) =>
        CaseGuards.Visibility(state.Case, actor, fullSight: actor.Has(Role.Dsl) || actor.Has(Role.Headteacher));

    public static bool CanRead(State state, Actor actor) => Visibility(state, actor) != CaseVisibility.None;

    private static Refusal? Manages(Actor actor) =>
        actor.Has(Role.Dsl) || actor.Has(Role.Headteacher) ? null
            : Refusal.NotPermitted("ROLES", "Only the DSL or the headteacher manages a parent's breach of the social-media code.");

    internal static Refusal? Check(CaseAction action, State state, Actor actor, CaseContext context, DateTimeOffset now)
    {
        var manages = Manages(actor);
        return action switch
        {
            CaseAction.Report => CaseGuards.MayReport(state.Case, actor),
            CaseAction.InviteToMeeting => manages ?? MeetsParents(state, actor) ?? CaseGuards.Open(state.Case) ?? (state.Invited ? Refusal.AlreadyDone : null),
            CaseAction.ApplySanction => manages ?? CaseGuards.Open(state.Case) ?? ApplySanction.Check(state),
            CaseAction.Close => Shared() ?? PoliceConsidered(state),
            CaseAction.ReferToPolice => Shared() ?? VictimDecides(state),
            _ => Shared(),
        };

        Refusal? Shared() => SharedActions.Check(action, state.Case, manages, actor, Visibility(state, actor), context, now, "a parent breach");
    }

    // R12 lets a member of staff the post targets decide about the police; a threat is the school's to report whatever
    // they wish (R11, St Thomas 8.8): the threat of harm reaches whoever is at the gate, not only them.
    private static Refusal? VictimDecides(State state) =>
        state.Flags.Contains(MaterialFlag.Threatening) ? null : ReferToPolice.VictimDecides(state.Case);

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
