namespace Casework.Cases;

/// <summary>
/// A step the rules or deadlines expect on a case now. <paramref name="Awaited"/> names it as someone waiting on it
/// reads it ("the DSL's triage"). <paramref name="Action"/> is the action that takes it, or null when someone outside
/// Casework takes it (an agency's acknowledgement, a poster's answer); <paramref name="By"/>, when set, is the only
/// role whose step it is (the LADO acknowledges a referral to the LADO; the manager may record it, but waits for it).
/// Steps that are alternatives share their words ("a police referral or a decision not to refer").
/// </summary>
public sealed record ExpectedStep(string Awaited, CaseAction? Action = null, Role? By = null);

/// <summary>
/// What a caller may do on a case (<c>allowedActions</c>), which of those the rules expect of them now, in order
/// (<c>nextSteps</c>), and what others must do (<c>waitingFor</c>). Both are derived from one list of expected steps,
/// which each kind's decider writes beside its guards: a next step is an expected step whose action the caller's
/// guards allow, so it is always one of <c>allowedActions</c> (ADR 30).
/// </summary>
public sealed record CaseGuidance(IReadOnlyList<CaseAction> AllowedActions, IReadOnlyList<CaseAction> NextSteps, IReadOnlyList<string> WaitingFor)
{
    /// <summary>
    /// Only a reader with the whole case is guided: a reporter learns nothing of what others must do, and someone with
    /// an action of their own on it is expected to complete it (their guard allows it only then).
    /// </summary>
    public static CaseGuidance Of(IReadOnlyList<CaseAction> allowed, IEnumerable<ExpectedStep> expected, Actor actor, CaseVisibility visibility)
    {
        if (visibility != CaseVisibility.Full)
        {
            return new(allowed, allowed.Contains(CaseAction.CompleteAction) ? [CaseAction.CompleteAction] : [], []);
        }
        var steps = expected.ToList();
        bool Mine(ExpectedStep step) => step.Action is { } action && allowed.Contains(action) && (step.By is not { } by || actor.Has(by));
        var mine = steps.Where(Mine).ToList();
        return new(allowed,
            [.. mine.Select(step => step.Action!.Value).Distinct()],
            [.. steps.Where(step => !mine.Any(m => m.Awaited == step.Awaited)).Select(step => step.Awaited).Distinct()]);
    }

    /// <summary>
    /// The steps every kind shares, after the kind's own: the staff victim's wishes and the referral they (or the
    /// school's policy) want (R12), then what agencies and posters are yet to answer (R10, R15). A closed case expects nothing.
    /// </summary>
    public static IEnumerable<ExpectedStep> Shared(SharedState file, CaseContext context, DateTimeOffset now)
    {
        if (!file.Reported || file.Closed)
        {
            yield break;
        }
        if (file.StaffVictimId is not null)
        {
            if (file.VictimWantsPolice is null)
            {
                yield return new("the staff member's wishes about the police", CaseAction.RecordVictimWishes);
            }
            else if ((file.VictimWantsPolice == true || file.Policy.StaffCyberbullyingPolice == SchoolPolicies.StaffCyberbullyingPolice.Required)
                && !file.ReferredTo(Agency.Police))
            {
                yield return new("a referral to the police", CaseAction.ReferToPolice);
            }
        }
        foreach (var (agency, referral) in file.Referrals.Where(r => !r.Value.Acknowledged).OrderBy(r => r.Value.MadeAt))
        {
            yield return agency == Agency.Lado
                ? new("the LADO's acknowledgement", CaseAction.RecordReferralAcknowledgement, Role.LadoLiaison)
                : new(agency == Agency.Police ? "the police's acknowledgement" : "children's social care's acknowledgement");
        }
        foreach (var request in file.Removals.Where(r => r.Outcome is null))
        {
            // R10: once the poster's waiting period is over, "no response" is the school's to record.
            yield return request.AskedOf switch
            {
                RemovalAskedOf.Poster when now >= file.PosterWaitEnds(request) =>
                    new("the outcome of the request to the poster", CaseAction.RecordContentRemovalOutcome),
                RemovalAskedOf.Poster => new("the poster's answer to the removal request"),
                RemovalAskedOf.Platform => new("the platform's answer to the removal request"),
                _ => new("POSH's answer to the removal request"),
            };
        }
    }
}
