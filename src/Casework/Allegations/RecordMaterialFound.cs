using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>
/// Material found after the allegation was reported: from then on R6 (indecent images: police and LADO the
/// same day, before any investigation, evidence or meeting) or R7 (unsuitable material: advice first) apply.
/// The material itself is never uploaded: this records that it was found, and a description.
/// </summary>
public sealed record RecordMaterialFound(Actor Actor, DateTimeOffset Now, bool IndecentImagesFound, bool UnsuitableMaterialFound, string Description, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordMaterialFound;

    /// <summary>What kind of material was found, a description of it (never the material), and when.</summary>
    public sealed record Request(
        bool IndecentImagesFound,
        bool UnsuitableMaterialFound,
        [TextLimit(TextLimits.Words)] string Description,
        DateTimeOffset OccurredAt) : ICaseRequest
    {
        public static Request Example { get; } = new(true, false,
            "IT technician reports thumbnails of what appear to be indecent images of children in the teacher's cloud folder; laptop isolated, nothing opened.",
            DateTimeOffset.Parse("2026-11-20T08:40:00+00:00"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            new RecordMaterialFound(actor, now, IndecentImagesFound, UnsuitableMaterialFound, Description, OccurredAt);
    }

    internal IReadOnlyList<object> Decide(Allegation.State state)
    {
        Require.That(IndecentImagesFound || UnsuitableMaterialFound, "R6", "Say which material was found: indecent images, other unsuitable material, or both.");
        Require.Text(Description, "R13", "Describe what was found and where. Never upload the material itself.");
        Require.NotInFuture(OccurredAt, Now, "it was found");
        var alreadyKnown = (!IndecentImagesFound || state.IndecentImages) && (!UnsuitableMaterialFound || state.UnsuitableMaterial);
        return alreadyKnown ? [] : [new AllegationMaterialFound(IndecentImagesFound, UnsuitableMaterialFound, Description, OccurredAt)];
    }
}
