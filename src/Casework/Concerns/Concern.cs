using Casework.Calendar;
using Casework.Cases;

namespace Casework.Concerns;

/// <summary>A concern about a pupil (Clarendon §8, KCSIE Part 1), managed by the DSL. Stream: <c>concern-{id}</c>.</summary>
public static partial class Concern
{
    public sealed record State(
        SharedState Case,
        ConcernCategory Category,
        ValueList<PupilInvolved> Pupils,
        DateTimeOffset OccurredAt,
        NudesSharingAssessed? Ukcis);

    public static State Initial { get; } = new(SharedState.None, ConcernCategory.Other, [], default, null);

    public static State Evolve(State state, object @event) => @event switch
    {
        ConcernReported e => state with
        {
            Case = SharedState.Opened(e.ReportedBy, e.ReportedAt, e.ReceivedAt, e.StaffVictimId),
            Category = e.Category,
            Pupils = e.Pupils,
            OccurredAt = e.OccurredAt,
        },
        NudesSharingAssessed e => state with { Ukcis = e },
        ConcernRecategorised e => state with { Category = e.To },
        _ => state with { Case = SharedState.Evolve(state.Case, @event) },
    };

    public static IReadOnlyList<Deadline> Deadlines(State state) =>
        [.. state.Case.Deadlines(triagedByDsl: true)];
}
