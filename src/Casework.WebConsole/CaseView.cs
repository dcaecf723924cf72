using System.Text.Json;

namespace Casework.WebConsole;

/// <summary>
/// A deadline: the exclusive instant it falls due, and the London day it ends with (the day a DSL names); <c>url</c>, the
/// item of content a content-removal deadline is about.
/// </summary>
public sealed record DeadlineView(string Name, DateTimeOffset Due, bool Satisfied, bool Overdue, DateOnly? EndsOn = null, string? Url = null,
    bool Missed = false, IReadOnlyList<string>? EscalatedTo = null);

public sealed record ReferralView(string Agency, DateTimeOffset MadeAt, bool Acknowledged);

/// <summary>An action assigned and not yet completed: all of them for a case's managers, only their own for anyone else.</summary>
public sealed record OpenActionView(Guid Id, Guid AssigneeId, string What, DateOnly? DueOn);

/// <summary>When the record is due for retention review (null: not worked out), and the legal holds that block its destruction.</summary>
public sealed record RetentionView(DateOnly? DueOn, IReadOnlyList<LegalHoldView> Holds);

/// <summary>A legal hold standing on the case: its id, which lifting it names, and why.</summary>
public sealed record LegalHoldView(Guid Id, string Kind);

/// <summary>An earlier copy of the content outside Casework (an export or a share): who made it and when; its recipients must be told of an erasure.</summary>
public sealed record EarlierCopyView(Guid By, DateTimeOffset At, string Kind);

/// <summary>Why, when and by whom a case's content was erased, and the earlier copies whose recipients the DSL must tell (UK GDPR Art. 19).</summary>
public sealed record ErasureView(string Reason, Guid DecidedBy, DateTimeOffset ErasedAt, IReadOnlyList<EarlierCopyView> EarlierCopies, IReadOnlyList<long>? PlainEvents = null);

/// <summary>One open action assigned to the signed-in user (GET /api/me/actions).</summary>
public sealed record MyAction(Guid CaseId, string Kind, Guid ActionId, string What, DateOnly? DueOn);

public sealed record MyActionsPage(IReadOnlyList<MyAction> Items, string? Next);

/// <summary>The school's settings the case is under where they differ from the default (ADR 32); absent under the default.</summary>
public sealed record CasePolicy(int Version, DateTimeOffset InForceFrom, IReadOnlyList<Pages.SchoolSettings.Difference> Differences);

/// <summary>
/// The case view of GET /api/cases/{id}; a reporter's own report carries no status, people or actions, and a record
/// withheld under R8 (<c>visibility: withheld</c>) says why instead of what it says or whom it is about.
/// </summary>
public sealed record CaseView(
    Guid Id, string Kind, string Visibility, DateTimeOffset ReportedAt, Guid ReportedBy, JsonElement Report,
    string? Status, long? Version, IReadOnlyList<Guid>? Pupils, Guid? Subject, Guid? Parent, string? ManagedBy,
    IReadOnlyList<ReferralView>? Referrals, IReadOnlyList<DeadlineView>? Deadlines, IReadOnlyList<string> AllowedActions,
    string? WithheldBecause = null, string? Risk = null, string? Category = null,
    IReadOnlyList<string>? NextSteps = null, IReadOnlyList<string>? WaitingFor = null, CasePolicy? Policy = null,
    IReadOnlyList<OpenActionView>? OpenActions = null, bool? Erased = null, ErasureView? Erasure = null, RetentionView? Retention = null)
{
    /// <summary>The allowed actions the rules do not expect now: the console offers them under "Other actions".</summary>
    public IReadOnlyList<string> OtherActions => [.. AllowedActions.Except(NextSteps ?? [])];

    /// <summary>
    /// An action's button: a step already taken that may be taken again is offered under its own name, so it does not
    /// read as a step still to do ("Change risk level", not "Triage"); <paramref name="timeline"/> tells the steps the
    /// case view does not (the member of staff's wishes already recorded).
    /// </summary>
    public string Label(string action, IEnumerable<TimelineEntry>? timeline = null) => action switch
    {
        // Recording a share made outside Casework (an export records itself): not to be mistaken for the export below it.
        "share-timeline" => "Record a share made another way",
        "record-victim-wishes" when timeline?.Any(e => e.Type == "victim-wishes-recorded") == true => "Record changed wishes about the police",
        "triage" when Risk is not null => "Change risk level",
        "refer-to-lado" when Referred("lado") => "Contact the LADO again",
        "refer-to-police" when Referred("police") => "Tell the police more",
        "refer-to-social-care" when Referred("childrens-social-care") => "Tell social care more",
        _ => Words.Sentence(action),
    };

    /// <summary>The agencies whose referral is still waiting for an acknowledgement: the only ones an acknowledgement may name.</summary>
    public IReadOnlyList<string> AwaitingAcknowledgement => [.. (Referrals ?? []).Where(r => !r.Acknowledged).Select(r => r.Agency)];

    private bool Referred(string agency) => Referrals?.Any(r => r.Agency == agency) == true;
}

/// <summary>One entry of a case's timeline, in the service's plain words: who (and in which role), what happened, and why.</summary>
public sealed record TimelineEntry(long Position, string Type, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string Who, string Role, string What, string? Why);

/// <summary>GET /api/cases/{id}/timeline as JSON: the entries, how many, and their digest.</summary>
public sealed record Timeline(int Count, string Digest, IReadOnlyList<TimelineEntry> Entries);
