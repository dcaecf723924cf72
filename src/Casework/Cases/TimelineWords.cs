using Casework.SchoolPolicies;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Casework.Allegations;
using Casework.Concerns;
using Casework.Directory;
using Casework.Disclosures;
using Casework.Http;
using Casework.ParentBreaches;
using JasperFx.Events;
using Marten;

namespace Casework.Cases;

/// <summary>
/// One event of a case in plain words: when it happened (as the user said) and when it was recorded, who
/// (their name in the directory and their roles), what happened and why. The timeline, its exports (JSON,
/// CSV, PDF) and a pupil's chronology all show these entries; <see cref="TimelineWords.Of"/> is the one
/// place an event becomes words. <c>data</c> is the event as stored, for whoever needs the record itself.
/// </summary>
public sealed record TimelineEntry(
    long Position,
    string Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    Guid? ActorId,
    IReadOnlyList<string>? ActorRoles,
    string Who,
    string Role,
    string What,
    string? Why,
    JsonElement Data)
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> OccurredAtProperties = new();

    /// <summary>The entry of one event, its personal content opened with its case's <paramref name="content"/> cipher (ADR 28).</summary>
    public static TimelineEntry Of(IEvent e, DirectoryNames names, ContentCipher content)
    {
        var actor = ActorOf(e);
        var roles = RolesOf(e);
        var data = content.Open(e.Data);
        var (what, why) = TimelineWords.Of(data, names.Of);
        return new(e.Version, e.EventTypeName, OccurredAtOf(e), e.Timestamp, actor, roles,
            names.Find(actor) ?? NameOf(e) ?? DirectoryNames.Unknown, roles is null ? "" : string.Join(", ", roles.Select(TimelineWords.RoleInWords)), what, why,
            JsonSerializer.SerializeToElement(data, data.GetType(), CaseworkJson.Stored));
    }

    /// <summary>Everyone the entries of these events name (actors, pupils, staff, parents): what to load from the directory.</summary>
    public static IEnumerable<Guid> PeopleNamed(IEnumerable<IEvent> events) => events.SelectMany(e => TimelineWords.PeopleNamed(e.Data).Append(ActorOf(e) ?? Guid.Empty)).Distinct();

    /// <summary>The actor's name from their token, for an actor the directory does not hold (events recorded before: none).</summary>
    public static string? NameOf(IEvent e) => e.GetHeader(EventHeaders.Name) switch
    {
        JsonElement { ValueKind: JsonValueKind.String } name => name.GetString(),
        string name => name,
        _ => null,
    };

    public static Guid? ActorOf(IEvent e) => Guid.TryParse(e.UserName, out var actor) ? actor : null;

    public static IReadOnlyList<string>? RolesOf(IEvent e) => e.GetHeader(EventHeaders.Roles) switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } roles => [.. roles.EnumerateArray().Select(r => r.GetString() ?? "")],
        IEnumerable<string> roles => [.. roles],
        _ => null,
    };

    /// <summary>The event's own OccurredAt where it has one (given by the user), else when it was recorded.</summary>
    public static DateTimeOffset OccurredAtOf(IEvent e) =>
        OccurredAtProperties.GetOrAdd(e.EventType, t => t.GetProperty("OccurredAt") is { } p && (p.PropertyType == typeof(DateTimeOffset) || p.PropertyType == typeof(DateTimeOffset?)) ? p : null)
            ?.GetValue(e.Data) is DateTimeOffset at
            ? at
            : e.Timestamp;
}

/// <summary>The names of the people a timeline shows, from the school's directory as it was at an instant.</summary>
public sealed class DirectoryNames(IReadOnlyDictionary<Guid, Person> people)
{
    public const string Unknown = "someone not in the school's directory";

    public string Of(Guid? id) => Find(id) ?? Unknown;

    /// <summary>The directory's name for <paramref name="id"/>, or null when it does not hold them.</summary>
    public string? Find(Guid? id) => id is { } key && people.TryGetValue(key, out var person) ? person.Name : null;

    public Person? Person(Guid id) => people.GetValueOrDefault(id);

    /// <summary>The names of the people named, as the directory held them now or at <paramref name="asOf"/>.</summary>
    public static async Task<DirectoryNames> LoadAsync(IQuerySession session, IEnumerable<Guid> named, DateTimeOffset? asOf, CancellationToken ct) =>
        new((await CaseService.PeopleAsync(session, named, asOf, ct)).ToDictionary(p => p.Id));
}

/// <summary>
/// Every event type in words a DSL, a LADO or an inspector reads without a glossary: what happened, and why
/// where the event records a reason. People are named through <c>name</c>, never shown as ids.
/// </summary>
public static class TimelineWords
{
    /// <summary>What the event says happened, and the reason it records (null when it records none).</summary>
    public static (string What, string? Why) Of(object @event, Func<Guid?, string> name) => @event switch
    {
        // Shared by every kind of case
        CaseTriaged e => ($"Triaged: {Words(e.Risk)} risk", e.Rationale),
        CaseEscalatedToDsl e => ("Escalated to the designated safeguarding lead", e.Reason),
        CaseReferredToPolice e => ($"Referred to the police{Reference(e.Reference)}: {e.Summary}", null),
        CaseReferredToSocialCare e => ($"Referred to children's social care{Reference(e.Reference)}: {e.Summary}", null),
        ReferralAcknowledged e => ($"Referral acknowledged by {Agency(e.By)}{Reference(e.Reference)}", null),
        ContentRemovalRequested e => ($"Removal of {e.Url} asked of {AskedOf(e.From)}", null),
        ContentRemovalOutcomeRecorded e => ($"Content removal asked of {AskedOf(e.From)}: {Words(e.Outcome)}", null),
        MeetingHeld e => ($"Meeting held with {List(e.Attendees)}: {e.Summary}", null),
        EvidenceRecorded e => ($"Evidence recorded ({Words(e.Kind)}, {e.Where}, captured {Date(e.CapturedAt)}): {e.Description}"
            + (e.Sha256 is null ? "" : $" (file SHA-256 {e.Sha256})"), null),
        DecisionRecorded e => ($"Decision: {Words(e.Decision)}: {e.Details}", e.Rationale),
        ActionAssigned e => ($"Action assigned to {name(e.AssigneeId)}: {e.What}" + (e.DueOn is { } due ? $", due {due.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}" : ""), null),
        ActionCompleted e => ($"Action completed: {e.Outcome}", null),
        NoteAdded e => ($"Note: {e.Text}", null),
        VictimWishesRecorded e => ($"Wishes of {name(e.VictimId)} recorded: {(e.WantsPolice ? "wants" : "does not want")} the police told", e.Notes),
        TimelineShared e => ($"Timeline shared with {e.SharedWith}" + (e.Format is null ? "" : $" as {e.Format.ToUpperInvariant()}")
            + (e.Digest is null ? "" : $" (SHA-256 {e.Digest})"), e.Why),
        CaseClosed e => ($"Closed: {e.Summary}", e.Rationale),
        CaseReopened e => ("Reopened", e.Reason),
        LegalHoldPlaced e => ($"Legal hold placed: {Words(e.Kind)}{Reference(e.Reference)}", null),
        LegalHoldLifted => ("Legal hold lifted", null),
        RetentionReviewed e => ($"Retention reviewed: kept until {e.KeepUntil.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}", e.Reason),
        RecordDestroyed e => ($"Record destroyed: its retention period ended on {e.RetainedUntil.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}", null),
        ContentErased e => ($"Content erased by {name(e.DecidedBy)}: {(e.Reason == ErasureReason.FalseOrMaliciousAllegation ? "a false or malicious allegation (R8)" : "a retention review's decision")}"
            + (e.EarlierCopies.Count == 0 ? "; no earlier copies" : $"; recipients of {e.EarlierCopies.Count} earlier cop{(e.EarlierCopies.Count == 1 ? "y" : "ies")} to be told, made by {List(e.EarlierCopies.Select(c => c.By).Distinct().Select(by => name(by)))}")
            + (e.PlainEvents is { Count: > 0 } plain ? $"; {plain.Count} entr{(plain.Count == 1 ? "y" : "ies")} stored before content was sealed stay readable" : ""), null),
        DeadlineMissed e => ($"Deadline missed: {e.Name.Replace('-', ' ')}" + (e.Url is null ? "" : $" ({e.Url})") + $", due {Date(e.Due)}"
            + (e.EscalatedTo.Count == 0 ? "" : "; escalated to " + string.Join(" and ", e.EscalatedTo.Select(r => RoleInWords(r.Name())))), null),
        SchoolPolicyApplied e => ($"Under the school's settings, version {e.Version}, in force from {Date(e.InForceFrom)}"
            + (e.Settings.Differences() is { Count: > 0 } d ? ": " + string.Join(" ", d.Select(x => x.Meaning)) : ": the default policy"), null),

        // Concerns
        ConcernReported e => ($"Concern reported ({Words(e.Category)}) about {List(e.Pupils.Select(p => $"{name(p.PupilId)} ({Words(p.Role)})"))}"
            + (e.Where is { } where ? $"; where: {Place(where)}" : "")
            + (e.StaffVictimId is { } staff ? $"; targeting {name(staff)}" : "") + $": {e.Account}", null),
        NudesSharingAssessed e => ("UKCIS criteria assessed: " + (e.CriteriaMet.Count == 0 ? "none holds" : List(e.CriteriaMet.Select(c => Ukcis(c, e.SexualActs))))
            + e.SexualActs switch
            {
                true => "; the imagery, as described, involves sexual acts",
                false => "; the imagery, as described, involves no sexual acts",
                // ADR 26: recorded before the question was asked; its criteria stand as assessed then.
                null => "; recorded before Casework asked whether the imagery involves sexual acts",
            }, e.Rationale),
        ConcernRecategorised e => ($"Recategorised from {Words(e.From)} to {Words(e.To)}", e.Rationale),

        // Disclosures
        DisclosureRecorded e => ($"{name(e.PupilId)} disclosed to {name(e.DisclosedTo)}"
            + (e.Category is { } category ? $" ({Words(category)})" : "")
            + (e.About == DisclosureAbout.AnotherChild ? $", about {(e.OtherPupilId is { } other ? name(other) : "another child")}" : "")
            + $", in their words: \"{e.WordsAsSaid}\"", null),

        // Allegations against staff
        AllegationReported e => ($"Allegation reported against {name(e.SubjectId)}"
            + (e.PupilIds is { Count: > 0 } || e.OtherChildren is not null
                ? "; children involved: " + List([.. (e.PupilIds ?? []).Select(p => name(p)), .. e.OtherChildren is { } others ? [others] : Array.Empty<string>()])
                : "")
            + (e.IndecentImagesFound ? "; indecent images found" : "") + (e.UnsuitableMaterialFound ? "; other unsuitable material found" : "")
            + $": {e.Account}", null),
        AllegationMaterialFound e => ($"Material found ({List(new[] { e.IndecentImages ? "indecent images" : null, e.UnsuitableMaterial ? "other unsuitable material" : null }.OfType<string>())}): {e.Description}", null),
        // Decided by R4's routing, recorded with the report (or the directory change) that called for it: never the reporter's choice.
        AllegationCaseManagerAssigned e => ($"Case manager, as R4 routes it: {name(e.ManagerId)} ({RoleInWords(e.As.Name())})", e.Reason),
        HarmThresholdAssessed e => (e.Met ? $"Harm threshold met: {List(e.Limbs.Select(Words))}" : "Harm threshold not met", e.Rationale),
        LowLevelConcernRecorded e => ($"Low-level concern recorded: {e.Summary}", e.Rationale),
        AllegationReferredToLado e => ($"Referred to the LADO{Reference(e.Reference)}: {e.Summary}", null),
        AllegationAdviceRecorded e => ($"{(e.From == AdviceSource.Hr ? "HR" : "LADO")} advice: {e.Advice}", null),
        InvestigationStepRecorded e => ($"Investigation step: {e.Step}", null),
        AllegationOutcomeRecorded e => ($"Outcome: {Words(e.Outcome)}", e.Rationale),
        DbsReferralRecorded e => ($"Referred to the Disclosure and Barring Service{Reference(e.Reference)}", null),
        TraReferralConsidered e => ($"Referral to the Teaching Regulation Agency considered: {(e.Referred ? "referred" : "not referred")}", e.Rationale),
        SubjectConsentToKeepRecorded e => ("The subject consented to the details being kept", e.Notes),
        SubjectConsentToKeepDeclined e => ("The subject declined to have the details kept", e.Notes),
        AllegationErasedFromStaffRegisters e => ($"Removed from staff-facing registers: a {Words(e.Outcome)} allegation, kept without the subject's consent", null),

        // Parent breaches
        ParentBreachReported e => ($"Breach of the social-media code reported: {name(e.ParentId)}"
            + (e.PupilIds.Count > 0 ? $" (parent of {List(e.PupilIds.Select(p => name(p)))})" : "")
            + $" posted on {e.Platform}" + (e.Url is null ? "" : $" ({e.Url})")
            + (e.Flags.Count > 0 ? $"; {List(e.Flags.Select(Words))}" : "")
            + (e.TargetStaffId is { } target ? $"; about {name(target)}" : "") + $": {e.WhatWasPosted}", null),
        ParentInvitedToMeeting e => ($"Parent invited to a meeting on {Date(e.ProposedFor)}", null),
        ParentSanctionApplied e => ($"Sanction applied: {Words(e.Sanction)}: {e.Details}", e.Rationale),

        // The school's directory
        StaffMemberAdded e => ($"{e.Name} joined the staff ({List(e.Roles.Select(r => RoleInWords(r.Name())))})", null),
        StaffMemberUpdated e => ($"{e.Name}'s staff record changed ({List(e.Roles.Select(r => RoleInWords(r.Name())))})", null),
        StaffMemberRemoved e => ($"{name(e.StaffId)} left the staff", null),
        PupilAdded e => ($"{e.Name} joined the school (year {e.YearGroup})", null),
        PupilUpdated e => ($"{e.Name}'s pupil record changed (year {e.YearGroup})", null),
        PupilRemoved e => ($"{name(e.PupilId)} left the school", null),
        ParentAdded e => ($"{e.Name} recorded as parent of {List(e.PupilIds.Select(p => name(p)))}", null),
        ParentUpdated e => ($"{e.Name}'s parent record changed (parent of {List(e.PupilIds.Select(p => name(p)))})", null),
        ParentRemoved e => ($"{name(e.ParentId)} removed as a parent", null),

        // The school's settings
        SchoolPolicyProposed e => ($"{name(e.ProposedBy)} proposed a change to the school's settings, from {e.EffectiveFrom.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}"
            + (e.Pack is null ? "" : $" (the {e.Pack} policy pack)"), e.Reason),
        SchoolPolicyApproved e => ($"{name(e.ApprovedBy)} approved the school's settings, version {e.Version}, in force from {Date(e.InForceFrom)}", e.Comment),
        SchoolPolicyRejected e => ($"{name(e.RejectedBy)} rejected a proposed change to the school's settings", e.Reason),

        _ => ($"Recorded: {@event.GetType().Name}", null),
    };

    /// <summary>Whether <see cref="Of"/> has words of its own for this event (not the fallback).</summary>
    public static bool HasWords(object @event) => !Of(@event, _ => "").What.StartsWith("Recorded: ", StringComparison.Ordinal);

    /// <summary>
    /// The people an event names, found by wording it once with a name lookup that only notes the ids asked
    /// for, so the list cannot drift from the words.
    /// </summary>
    public static IEnumerable<Guid> PeopleNamed(object @event)
    {
        var named = new List<Guid>();
        Of(@event, id =>
        {
            if (id is { } value)
            {
                named.Add(value);
            }
            return "";
        });
        return named;
    }

    public static string RoleInWords(string role) => RoleNames.InWords(role);

    /// <summary>An instant as a person reads it: "1 Dec 2026 14:05 UTC".</summary>
    public static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    // UKCIS's fourth criterion is sexual acts and a pupil under 13; before ADR 26 it was read as a pupil under 13 alone.
    private static string Ukcis(UkcisCriterion criterion, bool? sexualActs) =>
        criterion == UkcisCriterion.PupilUnderThirteen && sexualActs is not null ? "sexual acts involving a pupil under 13" : Words(criterion);

    private static string Words<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()).Replace('-', ' ');

    private static string Reference(string? reference) => string.IsNullOrWhiteSpace(reference) ? "" : $" (reference {reference})";

    private static string List(IEnumerable<string> items) => string.Join(", ", items);

    private static string Agency(Agency agency) => agency switch
    {
        Cases.Agency.Police => "the police",
        Cases.Agency.ChildrensSocialCare => "children's social care",
        _ => "the LADO",
    };

    private static string AskedOf(RemovalAskedOf from) => from switch
    {
        RemovalAskedOf.Poster => "the poster",
        RemovalAskedOf.Platform => "the platform",
        _ => "POSH (the Professionals Online Safety Helpline)",
    };

    private static string Place(Place where) =>
        string.Join(" ", new[] { where.Description, where.Platform is null ? null : where.Description is null ? where.Platform : $"on {where.Platform}",
            where.Url is null ? null : $"({where.Url})" }.Where(part => !string.IsNullOrWhiteSpace(part)));
}
