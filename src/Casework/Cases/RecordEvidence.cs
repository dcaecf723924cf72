using Casework.Http;

namespace Casework.Cases;

/// <summary>
/// Record evidence. R13: it says where (site or URL) and when the incident happened. Imagery may be
/// refused by the kind of case (R6 indecent images, R9 nudes): the material itself is never uploaded.
/// </summary>
public sealed record RecordEvidence(
    Actor Actor,
    DateTimeOffset Now,
    Guid EvidenceId,
    EvidenceKind Kind,
    string? Where,
    DateTimeOffset? IncidentAt,
    DateTimeOffset CapturedAt,
    string Description,
    string? Sha256) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordEvidence;

    /// <summary>What the evidence is, where it was found and when the incident happened (R13), when it was captured, and a file's SHA-256.</summary>
    public sealed record Request(
        EvidenceKind Kind,
        [TextLimit(TextLimits.Url)] string Where,
        DateTimeOffset IncidentAt,
        DateTimeOffset CapturedAt,
        [TextLimit(TextLimits.Words)] string Description,
        [TextLimit(64)] string? Sha256 = null) : ICaseRequest
    {
        public static Request Example { get; } = new(
            EvidenceKind.Screenshot,
            "https://www.facebook.com/groups/clarendonparents/posts/1029384756",
            DateTimeOffset.Parse("2026-11-18T21:12:00+00:00"),
            DateTimeOffset.Parse("2026-11-19T08:20:00+00:00"),
            "Screenshot of the post naming Mr T. and calling him a danger to children; 14 comments beneath it.",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            new RecordEvidence(actor, now, Guid.CreateVersion7(now), Kind, Where, IncidentAt, CapturedAt, Description, Sha256);
    }

    public bool IsImagery => Kind is EvidenceKind.Image or EvidenceKind.Screenshot or EvidenceKind.Video;

    // imageryRefused: Why this case refuses imagery, or null if it may be recorded.
    internal IReadOnlyList<object> Decide(SharedState file, Refusal? imageryRefused)
    {
        if (IsImagery)
        {
            Refusal.Enforce(imageryRefused);
        }
        Require.Text(Where, "R13", "Evidence must record the site or URL where it was found.");
        Require.That(IncidentAt is not null, "R13", "Evidence must record the date and time of the incident.");
        Require.NotInFuture(IncidentAt!.Value, Now, "of the incident");
        Require.NotInFuture(CapturedAt, Now, "the evidence was captured");
        Require.Text(Description, "R13", "Describe the evidence.");
        return file.UsedIds.Contains(EvidenceId) ? []
            : [new EvidenceRecorded(EvidenceId, Kind, Where!, IncidentAt.Value, CapturedAt, Description, Sha256)];
    }
}
