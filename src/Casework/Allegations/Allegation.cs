using System.Collections.Immutable;
using Casework.Calendar;
using Casework.Cases;

namespace Casework.Allegations;

/// <summary>
/// An allegation against a member of staff (KCSIE Part 4; Cranborne 2.7), and the low-level concerns it
/// may become. Managed by the headteacher, or the chair of governors when the head is the subject (R4).
/// Stream: <c>allegation-{id}</c>.
/// </summary>
public static partial class Allegation
{
    public sealed record State(
        SharedState Case,
        Guid SubjectId,
        Role ManagerRole,
        bool IndecentImages,
        bool UnsuitableMaterial,
        HarmThresholdAssessed? Threshold,
        bool LowLevelConcern,
        ImmutableHashSet<AdviceSource> Advice,
        AllegationOutcome? Outcome,
        bool DbsReferred,
        bool TraConsidered,
        bool SubjectConsentToKeep,
        bool ErasedFromStaffRegisters,
        DateTimeOffset? ImagesKnownSince,
        ValueList<Guid>? Pupils = null,
        DateTimeOffset? OutcomeAt = null,
        bool SubjectDeclinedToKeep = false);

    public static State Initial { get; } = new(SharedState.None, Guid.Empty, Role.Headteacher, false, false, null, false, [], null, false, false, false, false, null);

    public static State Evolve(State state, object @event) => @event switch
    {
        AllegationReported e => state with
        {
            Case = SharedState.Opened(e.ReportedBy, e.ReportedAt, e.ReceivedAt, null),
            SubjectId = e.SubjectId,
            IndecentImages = e.IndecentImagesFound,
            UnsuitableMaterial = e.UnsuitableMaterialFound,
            ImagesKnownSince = e.IndecentImagesFound ? e.ReceivedAt ?? e.ReportedAt : null,
            Pupils = e.PupilIds,
        },
        AllegationMaterialFound e => state with
        {
            IndecentImages = state.IndecentImages || e.IndecentImages,
            UnsuitableMaterial = state.UnsuitableMaterial || e.UnsuitableMaterial,
            ImagesKnownSince = state.ImagesKnownSince ?? (e.IndecentImages ? e.OccurredAt : null),
        },
        AllegationCaseManagerAssigned e => state with { ManagerRole = e.As },
        HarmThresholdAssessed e => state with { Threshold = e },
        LowLevelConcernRecorded => state with { LowLevelConcern = true },
        AllegationReferredToLado e => state with { Case = state.Case.WithReferral(Agency.Lado, e.OccurredAt, e) },
        AllegationAdviceRecorded e => state with
        {
            Advice = state.Advice.Add(e.From),
            Case = e.AdviceId is { } id ? state.Case with { UsedIds = state.Case.UsedIds.Add(id) } : state.Case,
        },
        InvestigationStepRecorded e => state with { Case = state.Case with { UsedIds = state.Case.UsedIds.Add(e.StepId) } },
        // A new outcome asks the subject again: their answer was about the outcome before it.
        AllegationOutcomeRecorded e => state with { Outcome = e.Outcome, OutcomeAt = e.RecordedAt, SubjectDeclinedToKeep = false },
        DbsReferralRecorded => state with { DbsReferred = true },
        TraReferralConsidered => state with { TraConsidered = true },
        SubjectConsentToKeepRecorded => state with { SubjectConsentToKeep = true, SubjectDeclinedToKeep = false },
        SubjectConsentToKeepDeclined => state with { SubjectDeclinedToKeep = true },
        AllegationErasedFromStaffRegisters => state with { ErasedFromStaffRegisters = true },
        _ => state with { Case = SharedState.Evolve(state.Case, @event) },
    };

    /// <summary>R4: who manages an allegation about this person: the chair of governors when the directory holds them as the headteacher.</summary>
    public static Role ManagerRoleFor(Guid subjectId, CaseContext context) =>
        context.IsHeadteacher(subjectId) ? Role.ChairOfGovernors : Role.Headteacher;

    /// <summary>
    /// R4 after a change to the directory: an open allegation (or low-level concern) moves to the chair of governors
    /// when its subject became the headteacher, and back when they stopped being it. Nothing when it is already
    /// where it belongs (R14), when it is closed, or when nobody holds the role it should go to (it stays put).
    /// </summary>
    public static IReadOnlyList<object> Reroute(State state, CaseContext context)
    {
        var role = ManagerRoleFor(state.SubjectId, context);
        if (!state.Case.Reported || state.Case.Closed || role == state.ManagerRole || context.HolderOf(role) is not { } manager)
        {
            return [];
        }
        return [new AllegationCaseManagerAssigned(manager, role, role == Role.ChairOfGovernors
            ? "The subject became the headteacher."
            : "The subject is no longer the headteacher.")];
    }

    /// <summary>R6: police and LADO the same day when indecent images were found; else R5: LADO within the school's working days (in force when it was told) once the threshold is met.</summary>
    public static IReadOnlyList<Deadline> Deadlines(State state)
    {
        if (!state.Case.Reported || state.Case.Closed)
        {
            return [];
        }
        var reportedAt = state.Case.ReportedAt;
        var calendar = WorkingDayCalendar.EnglandAndWales;
        var ladoDays = state.Case.PolicyAt(reportedAt).Deadlines.LadoReferralWorkingDays;
        var imagesKnownSince = state.ImagesKnownSince ?? reportedAt;
        DateTimeOffset? ladoDue = state.IndecentImages ? WorkingDayCalendar.EndOfDay(imagesKnownSince)
            : state.Threshold?.Met == true ? calendar.AddWorkingDays(reportedAt, ladoDays)
            : null;
        // R5: the assessment comes first, in time for a LADO referral within the deadline should it be met.
        List<Deadline> deadlines =
        [
            new(DeadlineNames.HarmThresholdAssessment, calendar.AddWorkingDays(reportedAt, ladoDays), state.Threshold is not null),
        ];
        if (state.IndecentImages)
        {
            deadlines.Add(new(DeadlineNames.PoliceReferral, WorkingDayCalendar.EndOfDay(imagesKnownSince), state.Case.ReferredTo(Agency.Police)));
        }
        if (ladoDue is { } due)
        {
            deadlines.Add(new(DeadlineNames.LadoReferral, due, state.Case.ReferredTo(Agency.Lado)));
        }
        return [.. deadlines, .. state.Case.Deadlines(triagedByDsl: false)];
    }
}
