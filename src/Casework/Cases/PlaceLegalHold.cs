using Casework.Http;

namespace Casework.Cases;

/// <summary>Why a record must not be destroyed while the hold stands (ADR 35).</summary>
public enum LegalHoldKind { PoliceInvestigation, Litigation, SubjectAccessRequest }

/// <summary>
/// A legal hold on a case (ADR 35): while any stands, the record is not destroyed, whatever its retention date.
/// <paramref name="Reference"/> is the police's, the court's or the request's own reference, kept clear as a referral's is.
/// </summary>
public sealed record LegalHoldPlaced(Guid HoldId, LegalHoldKind Kind, string? Reference);

public sealed record LegalHoldLifted(Guid HoldId);

/// <summary>The case's manager places a legal hold that blocks destruction (ADR 35); allowed on a closed case.</summary>
public sealed record PlaceLegalHold(Actor Actor, DateTimeOffset Now, Guid HoldId, LegalHoldKind Kind, string? Reference) : ICaseCommand
{
    public CaseAction Action => CaseAction.PlaceLegalHold;

    /// <summary>
    /// Why, the holder's reference if any, and optionally the hold's id (chosen by the client, so that a retry records it
    /// once; otherwise the service picks one, and the case's version keeps a retry from placing it twice).
    /// </summary>
    public sealed record Request(LegalHoldKind Kind, [TextLimit(TextLimits.Name)] string? Reference = null, Guid? HoldId = null) : ICaseRequest
    {
        public static Request Example { get; } = new(LegalHoldKind.PoliceInvestigation, "MPS-2026-1142", Guid.Parse("0199a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new PlaceLegalHold(actor, now, HoldId ?? Guid.CreateVersion7(now), Kind, Reference);
    }

    internal IReadOnlyList<object> Decide(SharedState file) =>
        file.Holds.ContainsKey(HoldId) ? [] : [new LegalHoldPlaced(HoldId, Kind, Reference)];
}

/// <summary>The case's manager lifts a legal hold once the investigation, litigation or request is over (ADR 35).</summary>
public sealed record LiftLegalHold(Actor Actor, DateTimeOffset Now, Guid HoldId) : ICaseCommand
{
    public CaseAction Action => CaseAction.LiftLegalHold;

    /// <summary>The hold to lift.</summary>
    public sealed record Request(Guid HoldId) : ICaseRequest
    {
        public static Request Example { get; } = new(Guid.Parse("0199a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new LiftLegalHold(actor, now, HoldId);
    }

    internal static Refusal? Check(SharedState file) => file.Holds.IsEmpty ? Refusal.Broken("RETENTION", "The case has no legal hold to lift.") : null;

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.That(file.Holds.ContainsKey(HoldId), "RETENTION", "The case has no legal hold with this id.");
        return [new LegalHoldLifted(HoldId)];
    }
}
