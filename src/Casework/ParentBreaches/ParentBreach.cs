using System.Collections.Immutable;
using Casework.Calendar;
using Casework.Cases;

namespace Casework.ParentBreaches;

/// <summary>
/// A parent's breach of the social-media code (Clarendon §6, Sladefield, St Thomas §8), managed by the
/// DSL and the headteacher. Stream: <c>parent-breach-{id}</c>.
/// </summary>
public static partial class ParentBreach
{
    // PupilIds: the pupils the post concerns, the case's parties (their chronology finds it by them); null in a case
    // document stored before they were kept.
    public sealed record State(
        SharedState Case, Guid ParentId, ValueList<MaterialFlag> Flags, bool Invited, ImmutableHashSet<Sanction> Sanctions, ValueList<Guid>? PupilIds = null);

    public static State Initial { get; } = new(SharedState.None, Guid.Empty, [], false, []);

    public static State Evolve(State state, object @event) => @event switch
    {
        ParentBreachReported e => state with
        {
            Case = SharedState.Opened(e.ReportedBy, e.ReportedAt, e.ReceivedAt, e.TargetStaffId),
            ParentId = e.ParentId,
            PupilIds = e.PupilIds,
            Flags = e.Flags,
        },
        ParentInvitedToMeeting => state with { Invited = true },
        ParentSanctionApplied e => state with { Sanctions = state.Sanctions.Add(e.Sanction) },
        _ => state with { Case = SharedState.Evolve(state.Case, @event) },
    };

    public static IReadOnlyList<Deadline> Deadlines(State state) =>
        [.. state.Case.Deadlines(triagedByDsl: false)];
}
