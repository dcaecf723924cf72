using System.Collections.Immutable;
using System.Text.Json;
using Casework.Http;
using Casework.Calendar;

namespace Casework.Cases;

/// <summary>
/// The latest referral to an agency; <paramref name="Made"/> is its event as stored (JSON), so that a repeat
/// of the same referral is recognised and the case's snapshot document holds no untyped value.
/// </summary>
public sealed record Referral(DateTimeOffset MadeAt, bool Acknowledged, string Made)
{
    public static string Fingerprint(object made) => JsonSerializer.Serialize(made, made.GetType(), CaseworkJson.Stored);
}

public sealed record RemovalRequest(DateTimeOffset AskedAt, ContentRemovalOutcome? Outcome);

/// <summary>
/// The part of a case's state every kind shares: open or closed, referrals, content removal, decisions,
/// the staff victim's wishes, and the ids already used (so a repeated command records nothing, R14).
/// Each kind's state holds one and hands it the shared events.
/// </summary>
public sealed record CaseFile(
    bool Reported,
    bool Closed,
    Guid ReportedBy,
    DateTimeOffset ReportedAt,
    Guid? StaffVictimId,
    CaseTriaged? Triage,
    bool EscalatedToDsl,
    ImmutableDictionary<Agency, Referral> Referrals,
    ImmutableDictionary<RemovalAskedOf, RemovalRequest> Removals,
    ImmutableHashSet<CaseDecision> Decisions,
    bool? VictimWantsPolice,
    ImmutableHashSet<Guid> UsedIds,
    ImmutableHashSet<Guid> OpenActions)
{
    public static CaseFile None { get; } = new(false, false, Guid.Empty, default, null, null, false, [], [], [], null, [], []);

    // reportedAt: When the school was told: deadlines count from here, not from the incident.
    public static CaseFile Opened(Guid reportedBy, DateTimeOffset reportedAt, Guid? staffVictimId) =>
        None with { Reported = true, ReportedBy = reportedBy, ReportedAt = reportedAt, StaffVictimId = staffVictimId };

    public bool ReferredTo(Agency agency) => Referrals.ContainsKey(agency);

    public CaseFile WithReferral(Agency agency, DateTimeOffset madeAt, object made) =>
        this with { Referrals = Referrals.SetItem(agency, new Referral(madeAt, false, Referral.Fingerprint(made))) };

    /// <summary>R14: the same referral again records nothing; a new one (a case reopened, a new threat) is recorded.</summary>
    public IReadOnlyList<object> Refer(Agency agency, object made) =>
        Referrals.TryGetValue(agency, out var latest) && latest.Made == Referral.Fingerprint(made) ? [] : [made];

    public static CaseFile Evolve(CaseFile file, object @event) => @event switch
    {
        CaseTriaged e => file with { Triage = e },
        CaseEscalatedToDsl => file with { EscalatedToDsl = true },
        CaseReferredToPolice e => file.WithReferral(Agency.Police, e.OccurredAt, e),
        CaseReferredToSocialCare e => file.WithReferral(Agency.ChildrensSocialCare, e.OccurredAt, e),
        ReferralAcknowledged e when file.Referrals.TryGetValue(e.By, out var referral) =>
            file with { Referrals = file.Referrals.SetItem(e.By, referral with { Acknowledged = true }) },
        ContentRemovalRequested e => file with { Removals = file.Removals.SetItem(e.From, new RemovalRequest(e.OccurredAt, null)) },
        ContentRemovalOutcomeRecorded e when file.Removals.TryGetValue(e.From, out var request) =>
            file with { Removals = file.Removals.SetItem(e.From, request with { Outcome = e.Outcome }) },
        MeetingHeld e => file with { UsedIds = file.UsedIds.Add(e.MeetingId) },
        EvidenceRecorded e => file with { UsedIds = file.UsedIds.Add(e.EvidenceId) },
        DecisionRecorded e => file with { Decisions = file.Decisions.Add(e.Decision) },
        ActionAssigned e => file with { UsedIds = file.UsedIds.Add(e.ActionId), OpenActions = file.OpenActions.Add(e.ActionId) },
        ActionCompleted e => file with { OpenActions = file.OpenActions.Remove(e.ActionId) },
        NoteAdded e => file with { UsedIds = file.UsedIds.Add(e.NoteId) },
        VictimWishesRecorded e => file with { VictimWantsPolice = e.WantsPolice },
        CaseClosed => file with { Closed = true },
        CaseReopened => file with { Closed = false },
        _ => file,
    };

    /// <summary>The deadlines every kind shares. A closed case has none open.</summary>
    public IEnumerable<Deadline> Deadlines(DeadlineSettings settings, WorkingDayCalendar calendar, bool triagedByDsl)
    {
        if (!Reported || Closed)
        {
            yield break;
        }
        if (triagedByDsl)
        {
            yield return new(DeadlineNames.DslTriage, calendar.AddWorkingDays(ReportedAt, settings.DslTriageWorkingDays), Triage is not null);
        }
        // R15: an unacknowledged referral to children's social care shows as needing follow-up once overdue.
        if (Referrals.TryGetValue(Agency.ChildrensSocialCare, out var csc))
        {
            yield return new(DeadlineNames.SocialCareAcknowledgement,
                calendar.AddWorkingDays(csc.MadeAt, settings.SocialCareAcknowledgementWorkingDays), csc.Acknowledged);
        }
        if (Removals.TryGetValue(RemovalAskedOf.Poster, out var poster))
        {
            yield return new(DeadlineNames.PosterRemovalResponse, PosterWaitEnds(poster, settings, calendar), poster.Outcome is not null);
        }
    }

    /// <summary>R10: when the school may stop waiting for the poster and go to the platform.</summary>
    public static DateTimeOffset PosterWaitEnds(RemovalRequest poster, DeadlineSettings settings, WorkingDayCalendar calendar) =>
        calendar.AddWorkingDays(poster.AskedAt, settings.ContentRemovalWaitingWorkingDays);
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
