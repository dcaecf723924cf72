using Casework.Http;

namespace Casework.Cases;

/// <summary>
/// Record that the timeline was shared (an export). This records a read, so it is allowed on a closed
/// case and to anyone with full sight of it, auditors included; it changes nothing about the case.
/// </summary>
/// <remarks>An export made by Casework (<see cref="ExportTimeline"/>) records its format and digest too.</remarks>
public sealed record ShareTimeline(Actor Actor, DateTimeOffset Now, string SharedWith, string Why, string? Format = null, string? Digest = null) : ICaseCommand
{
    public CaseAction Action => CaseAction.ShareTimeline;

    /// <summary>To whom the timeline was given, and why.</summary>
    public sealed record Request([TextLimit(TextLimits.Name)] string SharedWith, [TextLimit(TextLimits.Words)] string Why) : ICaseRequest
    {
        public static Request Example { get; } = new("LADO, Anyshire County Council", "Requested for the allegations management meeting on 24 November.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new ShareTimeline(actor, now, SharedWith, Why);
    }

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(SharedWith, "R3", "Say to whom the timeline is given.");
        Require.Rationale(Why, "Sharing a timeline");
        return [new TimelineShared(SharedWith, Why, Format, Digest)];
    }
}
