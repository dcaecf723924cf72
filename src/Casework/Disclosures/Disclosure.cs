using Casework.Calendar;
using Casework.Cases;

namespace Casework.Disclosures;

/// <summary>A pupil's disclosure (Clarendon §8), managed by the DSL. Stream: <c>disclosure-{id}</c>.</summary>
public static partial class Disclosure
{
    public sealed record State(SharedState Case, Guid PupilId, Concerns.ConcernCategory? Category = null);

    public static State Initial { get; } = new(SharedState.None, Guid.Empty);

    public static State Evolve(State state, object @event) => @event switch
    {
        DisclosureRecorded e => new State(SharedState.Opened(e.RecordedBy, e.ReportedAt, e.ReceivedAt, null), e.PupilId, e.Category),
        _ => state with { Case = SharedState.Evolve(state.Case, @event) },
    };

    public static IReadOnlyList<Deadline> Deadlines(State state) =>
        [.. state.Case.Deadlines(triagedByDsl: true)];
}
