using Casework.Cases;

namespace Casework.Disclosures;

/// <summary>Who may do what to a disclosure: the DSL manages it (R2). One guard per action serves Decide and AllowedActions.</summary>
public static partial class Disclosure
{
    private static readonly IReadOnlyList<CaseAction> Actions = [CaseAction.Triage, .. SharedActions.Actions];

    public static IReadOnlyList<object> Decide(ICaseCommand command, State state, CaseContext context) =>
        Refusal.Guard(Check(command.Action, state, command.Actor, context, command.Now), () => command switch
        {
            RecordDisclosure c => c.Decide(context),
            TriageCase c => c.Decide(state.Case, context),
            ReviewRetention c => c.Decide(new DisclosureCase(state), context),
            _ => SharedActions.Decide(command, state.Case, context, CaseGuards.DslManages(command.Actor), actor => Visibility(state, actor)),
        });

    public static IReadOnlyList<CaseAction> AllowedActions(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        SharedActions.Allowed(Actions, action => Check(action, state, actor, context, now));

    /// <summary>What the actor may do, and of that what the rules expect of them now (ADR 30): triage (R2), then what every kind shares.</summary>
    public static CaseGuidance Guidance(State state, Actor actor, CaseContext context, DateTimeOffset now) =>
        CaseGuidance.Of(AllowedActions(state, actor, context, now),
            [.. state.Case.Reported && !state.Case.Closed && state.Case.Triage is null ? [new ExpectedStep("the DSL's triage", CaseAction.Triage)] : Array.Empty<ExpectedStep>(),
                .. CaseGuidance.Shared(state.Case, context, now)],
            actor, Visibility(state, actor));

    public static CaseVisibility Visibility(State state, Actor actor) =>
        CaseGuards.Visibility(state.Case, actor, fullSight: actor.Has(Role.Dsl));

    public static bool CanRead(State state, Actor actor) => Visibility(state, actor) != CaseVisibility.None;

    internal static Refusal? Check(CaseAction action, State state, Actor actor, CaseContext context, DateTimeOffset now)
    {
        return action switch
        {
            CaseAction.Report => CaseGuards.MayReport(state.Case, actor),
            CaseAction.Triage => CaseGuards.DslManages(actor) ?? CaseGuards.Open(state.Case),
            CaseAction.Close => Shared() ?? CaseGuards.Triaged(state.Case, "the disclosure"),
            _ => Shared(),
        };

        Refusal? Shared() => SharedActions.Check(action, state.Case, CaseGuards.DslManages(actor), actor, Visibility(state, actor), context, now, "a disclosure");
    }
}
