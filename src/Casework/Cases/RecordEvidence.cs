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
    public string Action => CaseActions.RecordEvidence;

    public bool IsImagery => Kind is EvidenceKind.Image or EvidenceKind.Screenshot or EvidenceKind.Video;

    // imageryRefused: Why this case refuses imagery, or null if it may be recorded.
    internal IReadOnlyList<object> Decide(CaseFile file, Refusal? imageryRefused)
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
