namespace Casework.WebConsole;

/// <summary>One alert sent for a case (GET /api/cases/{id}/alerts): to whom, by which channel, when, and whether it arrived.</summary>
public sealed record CaseAlert(Guid AlertId, Guid RecipientId, string? RecipientName, string Channel, DateTimeOffset RaisedAt,
    bool Delivered, DateTimeOffset? DeliveredAt, int Attempts, bool Failed);

/// <summary>A delivery that failed after every retry (GET /api/admin/alerts/failed): to whom, how, when and the error; never what about.</summary>
public sealed record FailedDelivery(string Id, Guid RecipientId, string? RecipientName, string Channel, DateTimeOffset LastAttemptAt,
    int Attempts, string? Error);

public sealed record FailedDeliveryPage(IReadOnlyList<FailedDelivery> Items, string? Next);
