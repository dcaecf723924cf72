using System.Collections.Immutable;
using System.Text.Json;
using Casework.Http;
using Casework.Calendar;
using Casework.SchoolPolicies;

namespace Casework.Cases;

/// <summary>
/// The latest referral to an agency; <paramref name="Made"/> is its event as stored (JSON), so that a repeat
/// of the same referral is recognised and the case's snapshot document holds no untyped value.
/// </summary>
public sealed record Referral(DateTimeOffset MadeAt, bool Acknowledged, string Made)
{
    public static string Fingerprint(object made) => JsonSerializer.Serialize(made, made.GetType(), CaseworkJson.Stored);
}

/// <summary>
/// One request to take down one item of content: its <paramref name="Url"/>, whom the school asked
/// (<paramref name="AskedOf"/>: the poster, the platform or POSH), when (<paramref name="AskedAt"/>, as the user
/// said), and the answer recorded so far (<paramref name="Outcome"/>: null while none). Each URL has its own
/// requests, outcomes and R10 order: at most one request per (URL, asked of), in <see cref="SharedState.Removals"/>.
/// </summary>
public sealed record RemovalRequest(string Url, RemovalAskedOf AskedOf, DateTimeOffset AskedAt, ContentRemovalOutcome? Outcome)
{
    public bool Is(string url, RemovalAskedOf askedOf) => AskedOf == askedOf && Url == url;
}

/// <summary>An action assigned and not yet completed: who is to do what (stored sealed, ADR 29), by when.</summary>
public sealed record OpenAction(Guid Id, Guid AssigneeId, [PersonalContent] string What, DateOnly? DueOn);

/// <summary>
/// The part of a case's state every kind shares: open or closed, referrals, content removal (one
/// <see cref="RemovalRequest"/> per URL and party asked, in the order asked), decisions, the staff victim's
/// wishes, and the ids already used (so a repeated command records nothing, R14).
/// Each kind's state holds one and hands it the shared events.
/// </summary>
public sealed record SharedState(
    bool Reported,
    bool Closed,
    Guid ReportedBy,
    DateTimeOffset ReportedAt,
    Guid? StaffVictimId,
    CaseTriaged? Triage,
    bool EscalatedToDsl,
    ImmutableDictionary<Agency, Referral> Referrals,
    ImmutableList<RemovalRequest> Removals,
    ImmutableHashSet<CaseDecision> Decisions,
    bool? VictimWantsPolice,
    ImmutableHashSet<Guid> UsedIds,
    ImmutableList<OpenAction> OpenActions,
    ImmutableList<SchoolPolicyApplied> Policies,
    ContentErased? Erasure = null,
    ValueList<DeadlineMissed>? Missed = null)
{
    public static SharedState None { get; } = new(false, false, Guid.Empty, default, null, null, false, [], [], [], null, [], [], []);

    /// <summary>Whether the case's content was erased (ADR 34): nothing more is recorded on it.</summary>
    public bool Erased => Erasure is not null;

    /// <summary>The legal holds standing on the case, by id: while any stands it is not destroyed (ADR 35).</summary>
    public ImmutableDictionary<Guid, LegalHoldKind> Holds { get; init; } = ImmutableDictionary<Guid, LegalHoldKind>.Empty;

    /// <summary>The day the last retention review kept the record until, when it is due for review again (ADR 35).</summary>
    public DateOnly? KeptUntil { get; init; }

    /// <summary>The school's settings the case is under now: the last applied, or the default for a case that has none (ADR 32).</summary>
    public SchoolSettings Policy => Policies.IsEmpty ? SchoolSettings.Default : Policies[^1].Settings;

    /// <summary>The version of the school's settings last applied to the case; 0: the default.</summary>
    public int PolicyVersion => Policies.IsEmpty ? 0 : Policies[^1].Version;

    /// <summary>The settings in force at <paramref name="instant"/>, when a clock started: a case reported last year keeps last year's rules.</summary>
    public SchoolSettings PolicyAt(DateTimeOffset instant) => Policies.FindLast(p => p.InForceFrom <= instant)?.Settings ?? SchoolSettings.Default;

    /// <summary>
    /// A case as its report opens it. <see cref="ReportedAt"/> is when the school was told (the report's
    /// <c>receivedAt</c>): every deadline counts from it, not from the incident nor from when it was typed in.
    /// A report stored before <c>receivedAt</c> existed was told when it was recorded.
    /// </summary>
    public static SharedState Opened(Guid reportedBy, DateTimeOffset recordedAt, DateTimeOffset? receivedAt, Guid? staffVictimId) =>
        None with { Reported = true, ReportedBy = reportedBy, ReportedAt = receivedAt ?? recordedAt, StaffVictimId = staffVictimId };

    /// <summary>Whether a miss of this deadline, at this due, is recorded (a check that fires twice records one).</summary>
    public bool HasMissed(Deadline deadline) => MissOf(deadline) is not null;

    /// <summary>The miss of this deadline, at this due, as recorded (with whom it was escalated to); null while none is.</summary>
    public DeadlineMissed? MissOf(Deadline deadline) => Missed?.FirstOrDefault(m => m.Is(deadline));

    /// <summary>Whether a missed deadline was escalated to a role the actor holds: escalation brings the case to them (ADR 36).</summary>
    public bool EscalatedTo(Actor actor) => Missed?.Any(m => m.EscalatedTo.Any(actor.Has)) == true;

    public bool ReferredTo(Agency agency) => Referrals.ContainsKey(agency);

    /// <summary>The open actions assigned to <paramref name="staffId"/>, in the order assigned.</summary>
    public IEnumerable<OpenAction> ActionsOf(Guid staffId) => OpenActions.Where(a => a.AssigneeId == staffId);

    /// <summary>The request to take down the content at <paramref name="url"/> made of <paramref name="askedOf"/>, if any.</summary>
    public RemovalRequest? Removal(string url, RemovalAskedOf askedOf) => Removals.Find(r => r.Is(url, askedOf));

    // An outcome stored before outcomes named their URL answers the one request made of them (one per party then).
    private SharedState WithOutcome(ContentRemovalOutcomeRecorded e) =>
        Removals.FindIndex(r => r.AskedOf == e.From && (e.Url is null || r.Url == e.Url)) is var i and >= 0
            ? this with { Removals = Removals.SetItem(i, Removals[i] with { Outcome = e.Outcome }) }
            : this;

    public SharedState WithReferral(Agency agency, DateTimeOffset madeAt, object made) =>
        this with { Referrals = Referrals.SetItem(agency, new Referral(madeAt, false, Referral.Fingerprint(made))) };

    /// <summary>R14: the same referral again records nothing; a new one (a case reopened, a new threat) is recorded.</summary>
    public IReadOnlyList<object> Refer(Agency agency, object made) =>
        Referrals.TryGetValue(agency, out var latest) && latest.Made == Referral.Fingerprint(made) ? [] : [made];

    public static SharedState Evolve(SharedState file, object @event) => @event switch
    {
        CaseTriaged e => file with { Triage = e },
        CaseEscalatedToDsl => file with { EscalatedToDsl = true },
        CaseReferredToPolice e => file.WithReferral(Agency.Police, e.OccurredAt, e),
        CaseReferredToSocialCare e => file.WithReferral(Agency.ChildrensSocialCare, e.OccurredAt, e),
        ReferralAcknowledged e when file.Referrals.TryGetValue(e.By, out var referral) =>
            file with { Referrals = file.Referrals.SetItem(e.By, referral with { Acknowledged = true }) },
        ContentRemovalRequested e => file with { Removals = file.Removals.Add(new RemovalRequest(e.Url, e.From, e.OccurredAt, null)) },
        ContentRemovalOutcomeRecorded e => file.WithOutcome(e),
        MeetingHeld e => file with { UsedIds = file.UsedIds.Add(e.MeetingId) },
        EvidenceRecorded e => file with { UsedIds = file.UsedIds.Add(e.EvidenceId) },
        DecisionRecorded e => file with { Decisions = file.Decisions.Add(e.Decision) },
        ActionAssigned e => file with { UsedIds = file.UsedIds.Add(e.ActionId), OpenActions = file.OpenActions.Add(new(e.ActionId, e.AssigneeId, e.What, e.DueOn)) },
        ActionCompleted e => file with { OpenActions = file.OpenActions.RemoveAll(a => a.Id == e.ActionId) },
        NoteAdded e => file with { UsedIds = file.UsedIds.Add(e.NoteId) },
        VictimWishesRecorded e => file with { VictimWantsPolice = e.WantsPolice },
        CaseClosed => file with { Closed = true },
        CaseReopened => file with { Closed = false },
        SchoolPolicyApplied e => file with { Policies = file.Policies.Add(e) },
        ContentErased e => file with { Erasure = e },
        LegalHoldPlaced e => file with { Holds = file.Holds.SetItem(e.HoldId, e.Kind) },
        LegalHoldLifted e => file with { Holds = file.Holds.Remove(e.HoldId) },
        RetentionReviewed e => file with { KeptUntil = e.KeepUntil },
        DeadlineMissed e => file with { Missed = [.. file.Missed ?? [], e] },
        _ => file,
    };

    /// <summary>
    /// The deadlines every kind shares, each counted by the settings in force when its clock started. A closed case has none open.
    /// Statutory deadlines count on the statutory calendar; only the poster's wait, the school's own, skips its closure days.
    /// </summary>
    public IEnumerable<Deadline> Deadlines(bool triagedByDsl)
    {
        if (!Reported || Closed)
        {
            yield break;
        }
        var calendar = WorkingDayCalendar.EnglandAndWales;
        if (triagedByDsl)
        {
            yield return new(DeadlineNames.DslTriage, calendar.AddWorkingDays(ReportedAt, PolicyAt(ReportedAt).Deadlines.DslTriageWorkingDays), Triage is not null);
        }
        // R15: an unacknowledged referral to children's social care shows as needing follow-up once overdue.
        if (Referrals.TryGetValue(Agency.ChildrensSocialCare, out var csc))
        {
            yield return new(DeadlineNames.SocialCareAcknowledgement,
                calendar.AddWorkingDays(csc.MadeAt, PolicyAt(csc.MadeAt).Deadlines.SocialCareAcknowledgementWorkingDays), csc.Acknowledged);
        }
        // R10: each item of content asked of its poster has its own waiting period.
        foreach (var poster in Removals.Where(r => r.AskedOf == RemovalAskedOf.Poster))
        {
            yield return new(DeadlineNames.PosterRemovalResponse, PosterWaitEnds(poster), poster.Outcome is not null, poster.Url);
        }
    }

    /// <summary>R10: when the school may stop waiting for the poster of this item of content and go to the platform, on the school's own calendar.</summary>
    public DateTimeOffset PosterWaitEnds(RemovalRequest poster)
    {
        var policy = PolicyAt(poster.AskedAt);
        return policy.SchoolCalendar.AddWorkingDays(poster.AskedAt, policy.Deadlines.ContentRemovalWaitingWorkingDays);
    }
}

public static class DeadlineNames
{
    public const string DslTriage = "dsl-triage";
    public const string HarmThresholdAssessment = "harm-threshold-assessment";
    public const string LadoReferral = "lado-referral";
    public const string PoliceReferral = "police-referral";
    public const string SocialCareAcknowledgement = "social-care-acknowledgement";
    public const string PosterRemovalResponse = "poster-removal-response";
}
