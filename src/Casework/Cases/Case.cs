using System.Text.Json.Serialization;
using Casework.Allegations;
using Casework.Calendar;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.ParentBreaches;

namespace Casework.Cases;

/// <summary>
/// The four kinds of case. A kind's one spelling, in the API, the register's <c>kind</c> column, route names and the
/// stored document's type discriminator, is the kebab case of its name (<c>parent-breach</c>).
/// </summary>
public enum CaseKind
{
    Concern,
    Disclosure,
    Allegation,
    ParentBreach,
}

public static class CaseKinds
{
    public static string Name(this CaseKind kind) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());
}

/// <summary>The people a case is about, and the roles that manage it, as a case view shows them.</summary>
public sealed record CaseParties(IReadOnlyList<Guid> Pupils, Guid? Subject, Guid? Parent, IReadOnlyList<Role> Managers)
{
    /// <summary>The managers as the API and the register name them: their roles' names joined (<c>dsl-and-headteacher</c>).</summary>
    public string ManagedBy => Named(Managers);

    public static string Named(IEnumerable<Role> managers) => string.Join("-and-", managers.Select(RoleNames.Name));
}

/// <summary>
/// A case of any kind: the closed set of the four kinds, each holding its own state. A case URL carries
/// no kind, so a request resolves it once, by loading the case, and every later step dispatches on the
/// type here: no kind names are compared and no state is cast.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(ConcernCase), "concern")]
[JsonDerivedType(typeof(DisclosureCase), "disclosure")]
[JsonDerivedType(typeof(AllegationCase), "allegation")]
[JsonDerivedType(typeof(ParentBreachCase), "parent-breach")]
public abstract record Case
{
    [JsonIgnore]
    public abstract CaseKind Kind { get; }

    [JsonIgnore]
    public abstract SharedState File { get; }

    [JsonIgnore]
    public abstract CaseParties Parties { get; }

    public abstract Case Evolve(object @event);

    public abstract IReadOnlyList<object> Decide(ICaseCommand command, CaseContext context);

    public abstract CaseVisibility Visibility(Actor actor);

    public abstract IReadOnlyList<CaseAction> AllowedActions(Actor actor, CaseContext context, DateTimeOffset now);

    /// <summary>What the actor may do, what the rules expect of them now, and what others must do (ADR 30).</summary>
    public abstract CaseGuidance Guidance(Actor actor, CaseContext context, DateTimeOffset now);

    public abstract IReadOnlyList<Deadline> Deadlines();

    /// <summary>The case with its shared part replaced (its open actions opened for a reader, say).</summary>
    public abstract Case WithFile(SharedState file);

    /// <summary>R8: the case's personal details are withheld from every reader (see <see cref="Sight"/>).</summary>
    [JsonIgnore]
    public virtual bool DetailsWithheld => false;

    /// <summary>What a concern (after any recategorisation) or a disclosure is about, if known.</summary>
    [JsonIgnore]
    public virtual ConcernCategory? Category => null;

    /// <summary>The staff member a cyberbullying or parent-breach case targets, if any.</summary>
    [JsonIgnore]
    public Guid? StaffVictim => File.StaffVictimId;

    /// <summary>The case its first event opens; null for an event that opens no case.</summary>
    public static Case? Open(object first) => first switch
    {
        ConcernReported => ConcernCase.New.Evolve(first),
        DisclosureRecorded => DisclosureCase.New.Evolve(first),
        AllegationReported => AllegationCase.New.Evolve(first),
        ParentBreachReported => ParentBreachCase.New.Evolve(first),
        _ => null,
    };

    /// <summary>Every kind's name, as the API and the register show it.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. Enum.GetValues<CaseKind>().Select(kind => kind.Name())];

    /// <summary>Every value <see cref="CaseParties.ManagedBy"/> takes.</summary>
    public static IReadOnlyList<string> Managers { get; } =
        [.. new Role[][] { [Role.Dsl], [Role.Headteacher], [Role.ChairOfGovernors], [Role.Dsl, Role.Headteacher] }.Select(CaseParties.Named)];
}

public sealed record ConcernCase(Concern.State State) : Case
{
    public static ConcernCase New { get; } = new(Concern.Initial);

    [JsonIgnore]
    public override CaseKind Kind => CaseKind.Concern;
    [JsonIgnore]
    public override SharedState File => State.Case;
    [JsonIgnore]
    public override ConcernCategory? Category => State.Category;
    [JsonIgnore]
    public override CaseParties Parties => new([.. State.Pupils.Select(p => p.PupilId)], null, null, [Role.Dsl]);
    public override Case Evolve(object @event) => new ConcernCase(Concern.Evolve(State, @event));
    public override IReadOnlyList<object> Decide(ICaseCommand command, CaseContext context) => Concern.Decide(command, State, context);
    public override CaseVisibility Visibility(Actor actor) => Concern.Visibility(State, actor);
    public override IReadOnlyList<CaseAction> AllowedActions(Actor actor, CaseContext context, DateTimeOffset now) => Concern.AllowedActions(State, actor, context, now);
    public override CaseGuidance Guidance(Actor actor, CaseContext context, DateTimeOffset now) => Concern.Guidance(State, actor, context, now);
    public override IReadOnlyList<Deadline> Deadlines() => Concern.Deadlines(State);
    public override Case WithFile(SharedState file) => this with { State = State with { Case = file } };
}

public sealed record DisclosureCase(Disclosure.State State) : Case
{
    public static DisclosureCase New { get; } = new(Disclosure.Initial);

    [JsonIgnore]
    public override CaseKind Kind => CaseKind.Disclosure;
    [JsonIgnore]
    public override SharedState File => State.Case;
    [JsonIgnore]
    public override ConcernCategory? Category => State.Category;
    [JsonIgnore]
    public override CaseParties Parties => new([State.PupilId], null, null, [Role.Dsl]);
    public override Case Evolve(object @event) => new DisclosureCase(Disclosure.Evolve(State, @event));
    public override IReadOnlyList<object> Decide(ICaseCommand command, CaseContext context) => Disclosure.Decide(command, State, context);
    public override CaseVisibility Visibility(Actor actor) => Disclosure.Visibility(State, actor);
    public override IReadOnlyList<CaseAction> AllowedActions(Actor actor, CaseContext context, DateTimeOffset now) => Disclosure.AllowedActions(State, actor, context, now);
    public override CaseGuidance Guidance(Actor actor, CaseContext context, DateTimeOffset now) => Disclosure.Guidance(State, actor, context, now);
    public override IReadOnlyList<Deadline> Deadlines() => Disclosure.Deadlines(State);
    public override Case WithFile(SharedState file) => this with { State = State with { Case = file } };
}

public sealed record AllegationCase(Allegation.State State) : Case
{
    public static AllegationCase New { get; } = new(Allegation.Initial);

    [JsonIgnore]
    public override CaseKind Kind => CaseKind.Allegation;
    [JsonIgnore]
    public override SharedState File => State.Case;
    [JsonIgnore]
    public override CaseParties Parties =>
        new([.. State.Pupils ?? []], State.SubjectId, null, [State.ManagerRole]);
    public override Case Evolve(object @event) => new AllegationCase(Allegation.Evolve(State, @event));
    public override IReadOnlyList<object> Decide(ICaseCommand command, CaseContext context) => Allegation.Decide(command, State, context);
    public override CaseVisibility Visibility(Actor actor) => Allegation.Visibility(State, actor);
    [JsonIgnore]
    public override bool DetailsWithheld => Allegation.Withheld(State);
    public override IReadOnlyList<CaseAction> AllowedActions(Actor actor, CaseContext context, DateTimeOffset now) => Allegation.AllowedActions(State, actor, context, now);
    public override CaseGuidance Guidance(Actor actor, CaseContext context, DateTimeOffset now) => Allegation.Guidance(State, actor, context, now);
    public override IReadOnlyList<Deadline> Deadlines() => Allegation.Deadlines(State);
    public override Case WithFile(SharedState file) => this with { State = State with { Case = file } };
}

public sealed record ParentBreachCase(ParentBreach.State State) : Case
{
    public static ParentBreachCase New { get; } = new(ParentBreach.Initial);

    [JsonIgnore]
    public override CaseKind Kind => CaseKind.ParentBreach;
    [JsonIgnore]
    public override SharedState File => State.Case;
    [JsonIgnore]
    public override CaseParties Parties => new([.. State.PupilIds ?? []], null, State.ParentId, [Role.Dsl, Role.Headteacher]);
    public override Case Evolve(object @event) => new ParentBreachCase(ParentBreach.Evolve(State, @event));
    public override IReadOnlyList<object> Decide(ICaseCommand command, CaseContext context) => ParentBreach.Decide(command, State, context);
    public override CaseVisibility Visibility(Actor actor) => ParentBreach.Visibility(State, actor);
    public override IReadOnlyList<CaseAction> AllowedActions(Actor actor, CaseContext context, DateTimeOffset now) => ParentBreach.AllowedActions(State, actor, context, now);
    public override CaseGuidance Guidance(Actor actor, CaseContext context, DateTimeOffset now) => ParentBreach.Guidance(State, actor, context, now);
    public override IReadOnlyList<Deadline> Deadlines() => ParentBreach.Deadlines(State);
    public override Case WithFile(SharedState file) => this with { State = State with { Case = file } };
}
