namespace Casework.Cases;

/// <summary>
/// The guards and decisions of the actions every kind offers. A kind passes in who manages it
/// (a refusal, or null when the actor does) and adds its own rules around these.
/// </summary>
public static class SharedActions
{
    public static IReadOnlyList<string> Names { get; } =
    [
        CaseActions.EscalateToDsl, CaseActions.ReferToPolice, CaseActions.ReferToSocialCare,
        CaseActions.RecordReferralAcknowledgement, CaseActions.RequestContentRemoval, CaseActions.RecordContentRemovalOutcome,
        CaseActions.RecordMeeting, CaseActions.RecordEvidence, CaseActions.RecordDecision, CaseActions.AssignAction,
        CaseActions.CompleteAction, CaseActions.AddNote, CaseActions.RecordVictimWishes, CaseActions.ShareTimeline,
        CaseActions.Close, CaseActions.Reopen,
    ];

    // manages: Null when the actor manages this case, else why not.
    // visibility: How much of the case the actor sees (sharing the timeline needs all of it).
    // Content removal is always open to another URL; R10's order (parent breaches) is per URL, so it is decided on the request.
    public static Refusal? Check(string action, CaseFile file, Refusal? manages, Actor actor, CaseVisibility visibility, CaseContext context, DateTimeOffset now, string kind) =>
        action switch
        {
            CaseActions.ShareTimeline => CaseGuards.Reads(visibility) ?? CaseGuards.ChangesThings(actor, "R4") ?? (file.Reported ? null : CaseGuards.Open(file)),
            CaseActions.Close => manages ?? CloseCase.Check(file, context),
            CaseActions.Reopen => manages ?? ReopenCase.Check(file),
            _ when !Names.Contains(action) => CaseGuards.NotThisKind(action, kind),
            _ => manages ?? CaseGuards.Open(file) ?? action switch
            {
                CaseActions.EscalateToDsl => EscalateToDsl.Check(file),
                CaseActions.ReferToPolice => ReferToPolice.Check(file, context),
                CaseActions.RecordReferralAcknowledgement => RecordReferralAcknowledgement.Check(file),
                CaseActions.RecordContentRemovalOutcome => RecordContentRemovalOutcome.Check(file),
                CaseActions.CompleteAction => CompleteAction.Check(file),
                CaseActions.RecordVictimWishes => RecordVictimWishes.Check(file),
                _ => null,
            },
        };

    /// <summary>Decides a shared command whose guard has passed. Evidence and decisions take the kind's own refusals.</summary>
    public static IReadOnlyList<object> Decide(ICaseCommand command, CaseFile file, CaseContext context, Refusal? imageryRefused = null,
        Func<CaseDecision, Refusal?>? decisionRule = null, bool posterFirst = false) =>
        command switch
        {
            EscalateToDsl c => c.Decide(),
            ReferToPolice c => c.Decide(file),
            ReferToSocialCare c => c.Decide(file),
            RecordReferralAcknowledgement c => c.Decide(file),
            RequestContentRemoval c => c.Decide(file, context, posterFirst),
            RecordContentRemovalOutcome c => c.Decide(file, context),
            RecordMeeting c => c.Decide(file),
            RecordEvidence c => c.Decide(file, imageryRefused),
            RecordDecision c => c.Decide(file, decisionRule?.Invoke(c.Decision)),
            AssignAction c => c.Decide(file),
            CompleteAction c => c.Decide(file),
            AddNote c => c.Decide(file),
            RecordVictimWishes c => c.Decide(file),
            ShareTimeline c => c.Decide(),
            CloseCase c => c.Decide(),
            ReopenCase c => c.Decide(),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a shared case command."),
        };

    /// <summary>The actions of <paramref name="names"/> whose guard passes: the single source of allowedActions.</summary>
    public static IReadOnlyList<string> Allowed(IEnumerable<string> names, Func<string, Refusal?> check) =>
        [.. names.Where(name => check(name) is null)];
}
