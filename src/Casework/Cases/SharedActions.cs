namespace Casework.Cases;

/// <summary>
/// The guards and decisions of the actions every kind offers. A kind passes in who manages it
/// (a refusal, or null when the actor does) and adds its own rules around these.
/// </summary>
public static class SharedActions
{
    public static IReadOnlyList<CaseAction> Actions { get; } =
    [
        CaseAction.EscalateToDsl, CaseAction.ReferToPolice, CaseAction.ReferToSocialCare,
        CaseAction.RecordReferralAcknowledgement, CaseAction.RequestContentRemoval, CaseAction.RecordContentRemovalOutcome,
        CaseAction.RecordMeeting, CaseAction.RecordEvidence, CaseAction.RecordDecision, CaseAction.AssignAction,
        CaseAction.CompleteAction, CaseAction.AddNote, CaseAction.RecordVictimWishes, CaseAction.ShareTimeline,
        CaseAction.Close, CaseAction.Reopen, CaseAction.PlaceLegalHold, CaseAction.LiftLegalHold, CaseAction.ReviewRetention,
    ];

    // manages: Null when the actor manages this case, else why not.
    // visibility: How much of the case the actor sees (sharing the timeline needs all of it).
    // Content removal is always open to another URL; R10's order (parent breaches) is per URL, so it is decided on the request.
    public static Refusal? Check(CaseAction action, SharedState file, Refusal? manages, Actor actor, CaseVisibility visibility, CaseContext context, DateTimeOffset now, string kind) =>
        action switch
        {
            _ when !Actions.Contains(action) => CaseGuards.NotThisKind(action, kind),
            // ADR 34, 35: an erased or destroyed case holds no readable content and records nothing more.
            _ when file.Erased => manages ?? Refusal.Broken("RETENTION", "This case's content was erased; nothing more is recorded on it."),
            // Retention applies to closed records; a hold may be placed on an open case too.
            CaseAction.PlaceLegalHold => manages ?? (file.Reported ? null : CaseGuards.Open(file)),
            CaseAction.LiftLegalHold => manages ?? LiftLegalHold.Check(file),
            CaseAction.ReviewRetention => manages ?? ReviewRetention.Check(file),
            CaseAction.ShareTimeline => CaseGuards.Reads(visibility) ?? CaseGuards.ChangesThings(actor, "R4") ?? (file.Reported ? null : CaseGuards.Open(file)),
            CaseAction.Close => manages ?? CloseCase.Check(file, context),
            CaseAction.Reopen => manages ?? ReopenCase.Check(file),
            CaseAction.CompleteAction => CaseGuards.Open(file) ?? CompleteAction.Check(file, actor, manages),
            _ => manages ?? CaseGuards.Open(file) ?? action switch
            {
                CaseAction.EscalateToDsl => EscalateToDsl.Check(file, actor),
                CaseAction.RecordReferralAcknowledgement => RecordReferralAcknowledgement.Check(file),
                CaseAction.RecordContentRemovalOutcome => RecordContentRemovalOutcome.Check(file),
                CaseAction.RecordVictimWishes => RecordVictimWishes.Check(file),
                _ => null,
            },
        };

    /// <summary>Decides a shared command whose guard has passed. Evidence and decisions take the kind's own refusals.</summary>
    /// <paramref name="manages"/>: null when the actor manages the case, else why not (an assignee completes their own action);
    /// <paramref name="sight"/>: the kind's sight rule (an action is never assigned to someone the case hides everything from).
    public static IReadOnlyList<object> Decide(ICaseCommand command, SharedState file, CaseContext context, Refusal? manages, Func<Actor, CaseVisibility> sight,
        Refusal? imageryRefused = null, Func<CaseDecision, Refusal?>? decisionRule = null, bool posterFirst = false) =>
        command switch
        {
            EscalateToDsl c => c.Decide(),
            ReferToPolice c => c.Decide(file, context),
            ReferToSocialCare c => c.Decide(file, context),
            RecordReferralAcknowledgement c => c.Decide(file),
            RequestContentRemoval c => c.Decide(file, context, posterFirst),
            RecordContentRemovalOutcome c => c.Decide(file, context),
            RecordMeeting c => c.Decide(file),
            RecordEvidence c => c.Decide(file, imageryRefused),
            RecordDecision c => c.Decide(file, decisionRule?.Invoke(c.Decision)),
            AssignAction c => c.Decide(file, context, sight),
            CompleteAction c => c.Decide(file, manages),
            AddNote c => c.Decide(file),
            RecordVictimWishes c => c.Decide(file),
            ShareTimeline c => c.Decide(),
            CloseCase c => c.Decide(),
            ReopenCase c => c.Decide(),
            PlaceLegalHold c => c.Decide(file),
            LiftLegalHold c => c.Decide(file),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a shared case command."),
        };

    /// <summary>The actions of <paramref name="actions"/> whose guard passes: the single source of allowedActions.</summary>
    public static IReadOnlyList<CaseAction> Allowed(IEnumerable<CaseAction> actions, Func<CaseAction, Refusal?> check) =>
        [.. actions.Where(action => check(action) is null)];
}
