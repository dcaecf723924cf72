namespace Casework.Cases;

/// <summary>
/// Who may see a case: the one rule that every route returning anything about a case goes through (DOMAIN.md,
/// "Sight"): the case view, lists, registers, chronology, exports, the audit feed, the access log, replay
/// differences, counts, and every read as at an instant. Roles combine and the exclusions win over any role:
/// the subject of an allegation, and a headteacher when the chair manages it, see nothing of it, whatever else
/// they hold (auditor included). Exclusions and R8 withholding are decided from the case as it is now, whatever
/// instant is read (routing follows the directory, so who is excluded can change); what a reader is granted
/// (their own report, the LADO liaison once referred) comes from the case as it was at the instant read.
/// </summary>
public static class Sight
{
    /// <summary>What <paramref name="actor"/> sees of a case now.</summary>
    public static CaseVisibility Of(CaseRecord now, Actor actor) => Of(now, now, actor);

    /// <summary>
    /// What <paramref name="actor"/> sees of the case as it was (<paramref name="then"/>; null when it did not exist
    /// yet), given the case as it is <paramref name="now"/>.
    /// </summary>
    public static CaseVisibility Of(CaseRecord now, CaseRecord? then, Actor actor)
    {
        var current = now.Case.Visibility(actor);
        var granted = ReferenceEquals(now, then) ? current : then?.Case.Visibility(actor) ?? CaseVisibility.None;
        if (current == CaseVisibility.None || granted == CaseVisibility.None)
        {
            return CaseVisibility.None;
        }
        // A reporter keeps seeing their own report, no more: withholding it would tell them what others decided (R8).
        // An assignee sees their action now only if they saw the case then: the lesser of the two.
        return current == CaseVisibility.Assigned || granted == CaseVisibility.Assigned ? CaseVisibility.Assigned
            : current != CaseVisibility.Full || granted != CaseVisibility.Full ? CaseVisibility.OwnReport
            : now.Case.DetailsWithheld ? CaseVisibility.Withheld
            : CaseVisibility.Full;
    }

    /// <summary>
    /// Whether the reader sees the case in full, as its managers and auditors do, then and now (withholding aside):
    /// what a register lists. A register that lists a withheld record (the allegations register) shows it withheld.
    /// </summary>
    public static bool InFull(CaseRecord now, CaseRecord? then, Actor actor) =>
        then is not null && Of(now, then, actor) != CaseVisibility.None
        && now.Case.Visibility(actor) == CaseVisibility.Full && then.Case.Visibility(actor) == CaseVisibility.Full;

    /// <summary>The rule that keeps a case's management to its managers, named when anyone else tries to act on it or read its timeline.</summary>
    public static string ManagersRule(Case @case) => @case switch { AllegationCase => "R4", ParentBreachCase => "ROLES", _ => "R2" };

    /// <summary>The sentence a withheld record carries instead of its content (R8).</summary>
    public const string WithheldBecause =
        "R8: the allegation was found false or malicious and the subject has not consented to keeping the details, so they are withheld.";
}
