namespace Casework.Cases;

/// <summary>Guards every kind applies before its own rules.</summary>
public static partial class CaseGuards
{
    /// <summary>R14: a closed case accepts nothing but reopen.</summary>
    public static Refusal? Open(SharedState file) =>
        !file.Reported ? Refusal.Broken("R1", "This case has not been reported yet.")
        : file.Closed ? Refusal.Broken("R14", "This case is closed. Only its manager can reopen it, giving a reason.")
        : null;

    /// <summary>
    /// R2: a concern or a disclosure closes only once the DSL has triaged it: every case that ends has had its risk
    /// assessed with a rationale (a duplicate or mistaken report is triaged as such), and closing never stands in for
    /// the triage its deadline asks for.
    /// </summary>
    public static Refusal? Triaged(SharedState file, string kind) =>
        file.Reported && !file.Closed && file.Triage is null
            ? Refusal.Broken("R2", $"Triage {kind} before closing it: its risk is assessed, with a rationale, before it ends (a duplicate or mistaken report is triaged as such).")
            : null;

    /// <summary>R1: anyone with a role may report, but an auditor changes nothing.</summary>
    public static Refusal? MayReport(SharedState file, Actor actor) =>
        ChangesThings(actor, "R1") ?? (file.Reported ? Refusal.AlreadyDone : null);

    /// <summary>An auditor reads, replays and verifies; whatever else a role may do, an auditor alone changes nothing.</summary>
    public static Refusal? ChangesThings(Actor actor, string rule) =>
        actor.Roles.Any(r => r != Role.Auditor) ? null : Refusal.NotPermitted(rule, "Auditors read and verify; they change nothing.");

    /// <summary>
    /// R1: a report needs an account, someone involved, and an occurred-at not in the future. Answers when the
    /// school was told (deadlines count from it): the reporter's <paramref name="receivedAt"/>, neither in the
    /// future nor before it happened, else now. <paramref name="involved"/>: the field naming who is involved, and what
    /// the kind asks of the reporter when it names nobody the directory holds.
    /// </summary>
    public static DateTimeOffset ValidReport(string? account, bool someoneInvolved, (string Field, string Asked) involved, DateTimeOffset occurredAt,
        DateTimeOffset? receivedAt, DateTimeOffset now)
    {
        Require.Text(account, "R1", "A report needs an account of what happened.");
        if (!someoneInvolved)
        {
            throw new RuleViolation("R1", involved.Asked, involved.Field);
        }
        Require.NotInFuture(occurredAt, now, "it happened");
        Require.NotInFuture(receivedAt ?? now, now, "the school was told (receivedAt)");
        Require.That(receivedAt is not { } told || told >= occurredAt, "R1", "The school cannot have been told (receivedAt) before it happened (occurredAt).");
        return receivedAt ?? now;
    }

    /// <summary>Only readers with full sight of a case may share its timeline.</summary>
    public static Refusal? Reads(CaseVisibility visibility) =>
        visibility == CaseVisibility.Full ? null : Refusal.NotPermitted("R4", "You may not share the timeline of this case.");

    /// <summary>R2: concerns and disclosures are managed only by a DSL.</summary>
    public static Refusal? DslManages(Actor actor) =>
        actor.Has(Role.Dsl) ? null : Refusal.NotPermitted("R2", "Only a designated safeguarding lead manages concerns and disclosures.");

    /// <summary>
    /// Who sees a case: nobody before it exists; auditors, those with full sight and those a missed deadline was
    /// escalated to (ADR 36) see all of it; the reporter sees their own report; someone with an open action on it sees
    /// that action (ADR 38). A kind's exclusions are decided before.
    /// </summary>
    public static CaseVisibility Visibility(SharedState file, Actor actor, bool fullSight) =>
        !file.Reported ? CaseVisibility.None
        : fullSight || actor.Has(Role.Auditor) || file.EscalatedTo(actor) ? CaseVisibility.Full
        : actor.Id == file.ReportedBy ? CaseVisibility.OwnReport
        : file.ActionsOf(actor.Id).Any() ? CaseVisibility.Assigned
        : CaseVisibility.None;

    public static Refusal NotThisKind(CaseAction action, string kind) =>
        Refusal.Broken("KIND", $"You cannot {Words().Replace(action.ToString(), " $1").ToLowerInvariant()} on {kind}.");

    // EscalateToDsl: "escalate to dsl", as the route's name reads.
    [System.Text.RegularExpressions.GeneratedRegex("(?<!^)([A-Z])")]
    private static partial System.Text.RegularExpressions.Regex Words();
}
