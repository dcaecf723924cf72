using Casework.Allegations;
using Casework.Calendar;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.EventStore;
using Casework.ParentBreaches;

namespace Casework.Cases;

/// <summary>The people a case is about, and who manages it, as a case view shows them.</summary>
public sealed record CaseParties(IReadOnlyList<Guid> Pupils, Guid? Subject, Guid? Parent, string ManagedBy);

/// <summary>
/// One kind of case, seen from the HTTP edge: its stream category and its decider, with the state as an
/// object so that one route table serves all four kinds. Each entry only forwards to the kind's own code.
/// </summary>
public sealed record CaseKind(
    string Name,
    Decider<object, object> Decider,
    Func<ICaseCommand, object, CaseContext, IReadOnlyList<object>> Decide,
    Func<object, Actor, CaseVisibility> Visibility,
    Func<object, Actor, CaseContext, DateTimeOffset, IReadOnlyList<string>> AllowedActions,
    Func<object, DeadlineSettings, WorkingDayCalendar, IReadOnlyList<Deadline>> Deadlines,
    Func<object, CaseFile> File,
    Func<object, CaseParties> Parties)
{
    public static CaseKind Concern { get; } = Of<Concern.State>("concern", Concerns.Concern.Initial, Concerns.Concern.Evolve,
        Concerns.Concern.Decide, Concerns.Concern.Visibility, Concerns.Concern.AllowedActions, Concerns.Concern.Deadlines, s => s.Case,
        s => new([.. s.Pupils.Select(p => p.PupilId)], null, null, "dsl"));

    public static CaseKind Disclosure { get; } = Of<Disclosure.State>("disclosure", Disclosures.Disclosure.Initial, Disclosures.Disclosure.Evolve,
        Disclosures.Disclosure.Decide, Disclosures.Disclosure.Visibility, Disclosures.Disclosure.AllowedActions, Disclosures.Disclosure.Deadlines, s => s.Case,
        s => new([s.PupilId], null, null, "dsl"));

    public static CaseKind Allegation { get; } = Of<Allegation.State>("allegation", Allegations.Allegation.Initial, Allegations.Allegation.Evolve,
        Allegations.Allegation.Decide, Allegations.Allegation.Visibility, Allegations.Allegation.AllowedActions, Allegations.Allegation.Deadlines, s => s.Case,
        s => new([], s.SubjectId, null, s.ManagerRole == Role.ChairOfGovernors ? "chair-of-governors" : "headteacher"));

    public static CaseKind ParentBreach { get; } = Of<ParentBreach.State>("parent-breach", ParentBreaches.ParentBreach.Initial, ParentBreaches.ParentBreach.Evolve,
        ParentBreaches.ParentBreach.Decide, ParentBreaches.ParentBreach.Visibility, ParentBreaches.ParentBreach.AllowedActions, ParentBreaches.ParentBreach.Deadlines, s => s.Case,
        s => new([], null, s.ParentId, "dsl-and-headteacher"));

    public static IReadOnlyList<CaseKind> All { get; } = [Concern, Disclosure, Allegation, ParentBreach];

    /// <summary>Every value <see cref="CaseParties.ManagedBy"/> takes.</summary>
    public static IReadOnlyList<string> Managers { get; } = ["dsl", "headteacher", "chair-of-governors", "dsl-and-headteacher"];

    public static CaseKind? Named(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>Streams are named <c>{kind}-{case id}</c> (Eventuous style: category first).</summary>
    public string StreamId(Guid caseId) => $"{Name}-{caseId:D}";

    public StreamRef Stream(string tenant, Guid caseId) => new(tenant, StreamId(caseId), Name);

    private static CaseKind Of<TState>(
        string name, TState initial, Func<TState, object, TState> evolve,
        Func<ICaseCommand, TState, CaseContext, IReadOnlyList<object>> decide,
        Func<TState, Actor, CaseVisibility> visibility,
        Func<TState, Actor, CaseContext, DateTimeOffset, IReadOnlyList<string>> allowed,
        Func<TState, DeadlineSettings, WorkingDayCalendar, IReadOnlyList<Deadline>> deadlines,
        Func<TState, CaseFile> file,
        Func<TState, CaseParties> parties) where TState : notnull =>
        new(name,
            new Decider<object, object>(initial, (s, e) => evolve((TState)s, e)),
            (c, s, ctx) => decide(c, (TState)s, ctx),
            (s, a) => visibility((TState)s, a),
            (s, a, ctx, now) => allowed((TState)s, a, ctx, now),
            (s, settings, calendar) => deadlines((TState)s, settings, calendar),
            s => file((TState)s),
            s => parties((TState)s));
}
