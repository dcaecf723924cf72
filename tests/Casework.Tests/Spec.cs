using Casework.Cases;
using AllegationCase = Casework.Allegations.Allegation;
using ConcernCase = Casework.Concerns.Concern;
using DisclosureCase = Casework.Disclosures.Disclosure;
using ParentBreachCase = Casework.ParentBreaches.ParentBreach;
using Casework.Concerns;

namespace Casework.Tests;

/// <summary>Given events, when a command, then events (or a refusal naming its rule).</summary>
public sealed record Spec<TState>(
    TState State,
    Func<TState, object, TState> Evolve,
    Func<ICaseCommand, TState, CaseContext, IReadOnlyList<object>> Decide,
    CaseContext Context)
{
    public Spec<TState> Given(params object[] events) => this with { State = events.Aggregate(State, Evolve) };

    public Spec<TState> In(CaseContext context) => this with { Context = context };

    public Verdict When(ICaseCommand command) => new(() => Decide(command, State, Context));

    /// <summary>For scenarios: the command must record something, which is folded in as the command runner would.</summary>
    public Spec<TState> Do(ICaseCommand command)
    {
        var events = Decide(command, State, Context);
        Assert.NotEmpty(events);
        return Given([.. events]);
    }

    /// <summary>For scenarios: the command is refused under <paramref name="rule"/> and changes nothing.</summary>
    public Spec<TState> Refuses(ICaseCommand command, string rule)
    {
        When(command).ThenRefuses(rule);
        return this;
    }
}

public sealed class Verdict(Func<IReadOnlyList<object>> run)
{
    public IReadOnlyList<object> Events => run();

    public void Then(params object[] expected) => Assert.Equal(expected, run());

    /// <summary>R14: already satisfied, nothing new recorded.</summary>
    public void ThenNothing() => Assert.Empty(run());

    public void ThenRefuses(string rule) => Assert.Equal(rule, Assert.Throws<RuleViolation>(() => run()).Rule);

    public void ThenForbids(string rule) => Assert.Equal(rule, Assert.Throws<NotPermitted>(() => run()).Rule);
}

public static class Spec
{
    public static Spec<ConcernCase.State> Concern { get; } = new(ConcernCase.Initial, ConcernCase.Evolve, ConcernCase.Decide, TestSchool.Context);

    public static Spec<DisclosureCase.State> Disclosure { get; } = new(DisclosureCase.Initial, DisclosureCase.Evolve, DisclosureCase.Decide, TestSchool.Context);

    public static Spec<AllegationCase.State> Allegation { get; } = new(AllegationCase.Initial, AllegationCase.Evolve, AllegationCase.Decide, TestSchool.Context);

    public static Spec<ParentBreachCase.State> ParentBreach { get; } = new(ParentBreachCase.Initial, ParentBreachCase.Evolve, ParentBreachCase.Decide, TestSchool.Context);
}
