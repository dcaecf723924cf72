using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Casework.Http;
using JasperFx.Events;

namespace Casework.Cases;

/// <summary>
/// A deadline as a screen shows it; <c>url</c> names the item of content of a content-removal deadline. <c>due</c> is
/// the instant it falls due, exclusive (the start of the next London day); <c>endsOn</c> the London day it ends with,
/// the day a DSL names ("by the end of Friday 4 December"): a school day for a deadline in working days, the day
/// itself for a same-day one (R6). <c>missed</c>: the miss is recorded on the case (<c>deadline-missed</c>), and
/// <c>escalatedTo</c> the roles it was escalated to (ADR 36; absent until it is missed).
/// </summary>
public sealed record DeadlineView(
    string Name, DateTimeOffset Due, bool Satisfied, bool Overdue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null, bool Missed = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Role>? EscalatedTo = null)
{
    public DateOnly EndsOn => Calendar.WorkingDayCalendar.LocalDate(Due.AddTicks(-1));

    public static DeadlineView Of(Calendar.Deadline deadline, DateTimeOffset now) =>
        new(deadline.Name, deadline.Due, deadline.Satisfied, deadline.IsOverdue(now), deadline.Url, deadline.Missed, deadline.EscalatedTo);

    /// <summary>Met, overdue or open, as an export states it.</summary>
    [JsonIgnore]
    public string State => Satisfied ? "met" : Overdue ? "overdue" : "open";

    /// <summary>As a DSL says it: "DSL triage by the end of Friday 4 December 2026" (an export's reader may be in another year).</summary>
    [JsonIgnore]
    public string Words => $"{char.ToUpperInvariant(Name[0])}{Name[1..].Replace('-', ' ')}".Replace("Dsl", "DSL").Replace("Lado", "LADO") + " by the end of " +
        EndsOn.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) + (Url is null ? "" : $" ({Url})");
}

/// <summary>When the record is due for review (null: it cannot be worked out, and a review keeps it until a day), and the legal holds that block its destruction (ADR 35).</summary>
public sealed record RetentionView(DateOnly? DueOn, IReadOnlyList<LegalHoldView> Holds);

/// <summary>A legal hold standing on the case: its id (which lifting it names) and why.</summary>
public sealed record LegalHoldView(Guid Id, LegalHoldKind Kind);

public sealed record ReferralView(Agency Agency, DateTimeOffset MadeAt, bool Acknowledged);

/// <summary>
/// The school's settings the case is under (ADR 32), where they differ from the default, in words: what the DSL must
/// know because of them (a stricter policy applies, with why guidance still protects the child). Left out under the default.
/// </summary>
public sealed record CasePolicy(int Version, DateTimeOffset InForceFrom, IReadOnlyList<SchoolPolicies.PolicyDifference> Differences)
{
    public static CasePolicy? Of(SharedState file) =>
        file.Policies.IsEmpty ? null : new(file.PolicyVersion, file.Policies[^1].InForceFrom, file.Policy.Differences());
}

/// <summary>
/// A case as a screen shows it. A reporter without further rights sees only their own report
/// (<c>visibility: own-report</c>) and whom it named (<c>pupils</c>, <c>subject</c>, <c>parent</c>, unless withheld
/// under R8): no status, deadlines or actions of others. <c>risk</c> is the latest
/// triage's and <c>category</c> a concern's category now (after any recategorisation) or a disclosure's, for the case's header.
/// <c>nextSteps</c> are the actions of <c>allowedActions</c> the rules and deadlines expect of this caller now, in
/// order; <c>waitingFor</c> what others must do first (ADR 30). Both are empty for a reporter. <c>openActions</c> are
/// the actions assigned and not yet completed: all of them for those who see the case in full, only their own for
/// anyone else; someone who sees the case only because an action is assigned to them (<c>visibility: assigned</c>) sees
/// that action, may complete it, and sees nothing else of the case. <c>erased</c>: the case's content was erased
/// (ADR 34), every text of it reads "(erased)"; <c>erasure</c>, for those who see the case in full, says why, who
/// decided and the earlier copies whose recipients must be told (UK GDPR Art. 19).
/// </summary>
public sealed record CaseView(
    Guid Id,
    string Kind,
    CaseVisibility Visibility,
    DateTimeOffset ReportedAt,
    Guid ReportedBy,
    JsonElement Report,
    string? Status,
    long? Version,
    IReadOnlyList<Guid>? Pupils,
    Guid? Subject,
    Guid? Parent,
    string? ManagedBy,
    IReadOnlyList<ReferralView>? Referrals,
    IReadOnlyList<DeadlineView>? Deadlines,
    IReadOnlyList<CaseAction> AllowedActions,
    IReadOnlyList<CaseAction> NextSteps,
    IReadOnlyList<string> WaitingFor,
    IReadOnlyList<OpenAction> OpenActions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WithheldBecause = null,
    // Left out when unset, as OpenAPI cannot say "this reference or null" for an enum without a wrapper.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RiskLevel? Risk = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Concerns.ConcernCategory? Category = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CasePolicy? Policy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Erased = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ContentErased? Erasure = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RetentionView? Retention = null)
{
    private static readonly JsonElement Nothing = JsonSerializer.SerializeToElement(new { });

    public static CaseView Of(LoadedCase loaded, Actor actor, DateTimeOffset now)
    {
        var (record, visibility, context) = loaded;
        var file = record.Case.File;
        // R8: a withheld record shows its manager where it stands and what they may still do (record the subject's
        // consent, close), never what it says or whom it is about; anyone else learns only that it is withheld.
        var withheld = visibility == CaseVisibility.Withheld;
        var report = withheld ? Nothing : record.Report;
        var because = withheld ? Sight.WithheldBecause : null;
        if (visibility == CaseVisibility.None)
        {
            // A report whose reporter the rule excludes (a self-referral, say): it is recorded, and that is all they learn.
            return new(record.Id, record.Kind, visibility, file.ReportedAt, file.ReportedBy, Nothing,
                null, null, null, null, null, null, null, null, [], [], [], []);
        }
        if (visibility is CaseVisibility.OwnReport or CaseVisibility.Assigned || withheld && record.Case.Visibility(actor) != CaseVisibility.Full)
        {
            // Their own actions, which they may complete (the version is what completing one needs); nothing of a withheld record.
            IReadOnlyList<OpenAction> own = record.Case.DetailsWithheld ? [] : [.. file.ActionsOf(actor.Id)];
            var theirs = own.Count == 0 ? null : record.Case.Guidance(actor, context, now);
            // A reporter is told whom their report named (they named them), never of a record withheld under R8.
            var named = visibility == CaseVisibility.OwnReport && !record.Case.DetailsWithheld ? record.Case.Parties : null;
            return new(record.Id, record.Kind, visibility, file.ReportedAt, file.ReportedBy,
                visibility == CaseVisibility.Assigned ? Nothing : report,
                null, own.Count == 0 ? null : record.Version, named?.Pupils, named?.Subject, named?.Parent, null, null, null,
                theirs?.AllowedActions ?? [], theirs?.NextSteps ?? [], [], own, because);
        }

        var parties = record.Case.Parties;
        var guidance = record.Case.Guidance(actor, context, now);
        return new(record.Id, record.Kind, visibility, file.ReportedAt, file.ReportedBy, report,
            record.Status,
            record.Version,
            withheld ? [] : parties.Pupils,
            withheld ? null : parties.Subject,
            withheld ? null : parties.Parent,
            parties.ManagedBy,
            [.. file.Referrals.OrderBy(r => r.Value.MadeAt).Select(r => new ReferralView(r.Key, r.Value.MadeAt, r.Value.Acknowledged))],
            [.. record.Deadlines().Select(d => DeadlineView.Of(d, now))],
            guidance.AllowedActions,
            guidance.NextSteps,
            guidance.WaitingFor,
            withheld ? [] : file.OpenActions,
            because,
            withheld ? null : file.Triage?.Risk,
            record.Case.Category,
            CasePolicy.Of(file),
            file.Erased ? true : null,
            file.Erasure,
            new RetentionView(Cases.Retention.DueOn(record.Case, context.Pupils, context.Staff), [.. file.Holds.OrderBy(h => h.Key).Select(h => new LegalHoldView(h.Key, h.Value))]));
    }
}
