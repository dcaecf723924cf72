namespace Casework.Alerts;

/// <summary>
/// One alert to one member of staff (issue 17): raised in the transaction of the change or the deadline that causes
/// it (Wolverine's outbox on Marten), delivered at least once by webhook and e-mail. <paramref name="Id"/> is stable
/// across retries (the CloudEvents id, the e-mail's Message-ID) so a receiver can drop a repeat. It carries no case
/// content: the school, the kind, the rule, the deadline and the case's id (for the console's link), nothing a
/// recipient who may not see the case could read; only recipients who pass the sight rule are ever addressed.
/// </summary>
public sealed record Alert(
    Guid Id,
    string Tenant,
    Guid RecipientId,
    string? RecipientEmail,
    AlertKind Kind,
    string Rule,
    Guid? CaseId,
    DateTimeOffset? Due,
    DateTimeOffset RaisedAt);

/// <summary>What an alert tells its recipient (written in kebab case, as every enum, ADR 27).</summary>
public enum AlertKind
{
    NewConcern,
    NewDisclosure,
    NewAllegation,
    IndecentImages,
    ActionAssigned,
    DeadlineReminder,
    DeadlineMissed,
    DeadlineEscalated,
    AcknowledgementOverdue,
}
