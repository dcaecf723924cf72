using Casework.Http;

namespace Casework.Cases;

/// <summary>Record the answer to the request for one item of content (its URL) made of the poster, the platform or POSH (R10).</summary>
public sealed record RecordContentRemovalOutcome(Actor Actor, DateTimeOffset Now, RemovalAskedOf From, string Url, ContentRemovalOutcome Outcome, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordContentRemovalOutcome;

    /// <summary>Who answered the request to remove the content at <c>url</c>, what they answered (or that they did not), and when.</summary>
    public sealed record Request(RemovalAskedOf From, [TextLimit(TextLimits.Url)] string Url, ContentRemovalOutcome Outcome, DateTimeOffset OccurredAt) : ICaseRequest
    {
        public static Request Example { get; } = new(
            RemovalAskedOf.Poster, "https://www.facebook.com/groups/clarendonparents/posts/1029384756", ContentRemovalOutcome.Refused,
            DateTimeOffset.Parse("2026-11-19T08:45:00+00:00"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordContentRemovalOutcome(actor, now, From, Url, Outcome, OccurredAt);
    }

    internal static Refusal? Check(SharedState file) =>
        file.Removals.Any(r => r.Outcome is null) ? null
        : Refusal.Broken("R10", "No request to remove content is waiting for an answer.");

    internal IReadOnlyList<object> Decide(SharedState file, CaseContext context)
    {
        var request = file.Removal(Url, From);
        Require.That(request is not null, "R10", "Removal of the content at this URL was not requested from them.");
        Require.NotInFuture(OccurredAt, Now, "of the answer");
        // R10: "no response" is a fact only once the waiting period is over; until then the poster may still answer.
        Require.That(
            Outcome != ContentRemovalOutcome.NoResponse || From != RemovalAskedOf.Poster
                || Now >= file.PosterWaitEnds(request!),
            "R10", "The poster's waiting period is not over, so there is no 'no response' to record yet.");
        return request!.Outcome == Outcome ? [] : [new ContentRemovalOutcomeRecorded(From, Outcome, OccurredAt, Url)];
    }
}
