using Casework.Http;

namespace Casework.Cases;

/// <summary>
/// Ask for an item of content (one URL) to be taken down. R10, for a parent's breach: the poster is asked first;
/// the platform or POSH only once the poster refused, or did not answer within the tenant's waiting period (in
/// working days), for that URL: two posts are two requests, each with its own order and outcomes. Elsewhere
/// (a pupil's nude, say) the school goes straight to whoever can take it down fastest.
/// </summary>
public sealed record RequestContentRemoval(Actor Actor, DateTimeOffset Now, RemovalAskedOf From, string Url, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.RequestContentRemoval;

    /// <summary>Whom the school asked to remove the content (the poster first), its address, and when.</summary>
    public sealed record Request(RemovalAskedOf From, [TextLimit(TextLimits.Url)] string Url, DateTimeOffset OccurredAt) : ICaseRequest
    {
        public static Request Example { get; } = new(
            RemovalAskedOf.Poster, "https://www.facebook.com/groups/clarendonparents/posts/1029384756", DateTimeOffset.Parse("2026-11-18T16:30:00+00:00"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RequestContentRemoval(actor, now, From, Url, OccurredAt);
    }

    private static Refusal? PosterHadTheirChance(SharedState file, string url, CaseContext context, DateTimeOffset now)
    {
        if (file.Removal(url, RemovalAskedOf.Poster) is not { } poster)
        {
            return Refusal.Broken("R10", "Ask the person who posted it to remove this content before going to the platform or POSH.");
        }
        var refusedOrSilent = poster.Outcome is ContentRemovalOutcome.Refused or ContentRemovalOutcome.NoResponse
            || (poster.Outcome is null && now >= file.PosterWaitEnds(poster));
        return poster.Outcome == ContentRemovalOutcome.Removed ? Refusal.Broken("R10", "The poster has already removed the content.")
            : refusedOrSilent ? null
            : Refusal.Broken("R10", $"The poster has until {file.PosterWaitEnds(poster):f} to respond before the platform or POSH can be asked.");
    }

    internal IReadOnlyList<object> Decide(SharedState file, CaseContext context, bool posterFirst)
    {
        Require.Text(Url, "R13", "Give the address (URL) of the content to be removed.");
        Require.NotInFuture(OccurredAt, Now, "of the request");
        if (file.Removal(Url, From) is not null)
        {
            return [];
        }
        if (posterFirst && From != RemovalAskedOf.Poster)
        {
            Refusal.Enforce(PosterHadTheirChance(file, Url, context, Now));
        }
        return [new ContentRemovalRequested(From, Url, OccurredAt)];
    }
}
