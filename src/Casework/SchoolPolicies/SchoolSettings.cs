using System.Text.Json.Serialization;
using Casework.Calendar;
using Casework.Cases;
using Casework.Concerns;

namespace Casework.SchoolPolicies;

/// <summary>R12: whether the police are told when a member of staff is cyberbullied.</summary>
public enum StaffCyberbullyingPolice
{
    /// <summary>Cranborne 2.8.5: the victim decides whether the police are told.</summary>
    VictimDecides,

    /// <summary>St Thomas 8.4: staff cyberbullying is always reported to the police.</summary>
    Required,
}

/// <summary>R9: what a sharing-nudes incident needs before it closes.</summary>
public enum SharingNudesPolicy
{
    /// <summary>UKCIS: the DSL may handle it in school where no criterion holds (Clarendon §8).</summary>
    UkcisCriteria,

    /// <summary>St Thomas 9.1: every incident goes to the police and the parents; stricter than UKCIS.</summary>
    PoliceAndParentsAlways,
}

/// <summary>R10: who invites a parent in breach of the social-media code to a meeting.</summary>
public enum ParentMeetingBy
{
    DslOrHeadteacher,

    /// <summary>Clarendon §6: "a meeting with the headteacher".</summary>
    Headteacher,
}

/// <summary>Who is told of a pupil's attempt to "friend" or contact a member of staff.</summary>
public enum ContactAttemptsTold
{
    Dsl,

    /// <summary>Clarendon §5 and §7, St Thomas 5.4: reported to the headteacher (the DSL still manages it).</summary>
    DslAndHeadteacher,
}

/// <summary>
/// One school's child protection policy as Casework enforces it (docs/policies.md, "Differences that need a per-school
/// setting"): its name, its deadlines, the closure days of its own calendar, and the choices its policy makes where the
/// five policies differ. A setting may be stricter than statutory guidance, never weaker (<see cref="Weaker"/>).
/// </summary>
public sealed record SchoolSettings(
    string Name,
    DeadlineSettings Deadlines,
    ValueList<DateOnly> Closures,
    StaffCyberbullyingPolice StaffCyberbullyingPolice,
    SharingNudesPolicy SharingNudes,
    ParentMeetingBy ParentMeetingBy,
    ContactAttemptsTold ContactAttemptsTold,
    ValueList<ConcernCategory>? Categories = null,
    int? LowLevelConcernYearsAfterLeaving = null)
{
    /// <summary>
    /// How long a low-level concern is kept after its subject leaves (ADR 35) when the school sets none: six years, the
    /// time within which most claims arising from employment may be brought (Limitation Act 1980).
    /// </summary>
    public const int DefaultLowLevelConcernYears = 6;

    /// <summary>The most a school may set; more is a typing mistake.</summary>
    public const int MaxLowLevelConcernYears = 50;

    /// <summary>The years a low-level concern is kept after the member of staff leaves: the school's setting, else the default.</summary>
    [JsonIgnore]
    public int LowLevelConcernYears => LowLevelConcernYearsAfterLeaving ?? DefaultLowLevelConcernYears;

    /// <summary>The policy of a school that has approved none: statutory guidance and Casework's defaults.</summary>
    public static SchoolSettings Default { get; } = new("", DeadlineSettings.Default, [], StaffCyberbullyingPolice.VictimDecides,
        SharingNudesPolicy.UkcisCriteria, ParentMeetingBy.DslOrHeadteacher, ContactAttemptsTold.Dsl);

    /// <summary>
    /// The categories every school records whatever its list: sharing nudes, because R9 applies to it whatever a school
    /// calls it, and "other", so that no report is ever refused for its category.
    /// </summary>
    public static IReadOnlyList<ConcernCategory> AlwaysRecorded { get; } = [ConcernCategory.SharingNudes, ConcernCategory.Other];

    /// <summary>S7: whether the school records concerns under this category (no list: every category).</summary>
    public bool Records(ConcernCategory category) => Categories is not { Count: > 0 } list || list.Contains(category) || AlwaysRecorded.Contains(category);

    /// <summary>S7: every category the school records concerns and disclosures under, in the order the API lists them.</summary>
    [JsonIgnore]
    public IReadOnlyList<ConcernCategory> RecordedCategories => [.. Enum.GetValues<ConcernCategory>().Where(Records)];

    public const int MaxClosures = 100;

    /// <summary>
    /// The school's own calendar: statutory working days less its closure days. Only the school's own waits count on it
    /// (R10's poster wait); statutory deadlines never pause for a closure (the LADO's working day does not stop at Easter).
    /// </summary>
    [JsonIgnore]
    public WorkingDayCalendar SchoolCalendar => new(Closures);

    /// <summary>
    /// Why this policy would be weaker than statutory guidance, or impossible (rule and field), or none. Where the law and a
    /// school's clause conflict the law applies, so no setting offers a weaker value: the LADO within one working day
    /// (KCSIE Part 4, R5), children's social care's acknowledgement followed up after one (Working Together, R15), the
    /// DSL's triage no later than the next working day (KCSIE Part 1: "immediately").
    /// </summary>
    public IEnumerable<(string Rule, string Field, string Message)> Weaker()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            yield return ("S1", "settings.name", "The school's name is required, up to 200 characters.");
        }
        if (Deadlines is null)
        {
            yield return ("S1", "settings.deadlines", "The deadlines are required.");
            yield break;
        }
        if (Deadlines.DslTriageWorkingDays is < 0 or > 1)
        {
            yield return ("S2", "settings.deadlines.dslTriageWorkingDays",
                "The DSL's triage is due the same day (0) or by the end of the next working day (1): KCSIE asks the DSL to act immediately, so a school may shorten it, never lengthen it.");
        }
        if (Deadlines.LadoReferralWorkingDays is < 0 or > 1)
        {
            yield return ("R5", "settings.deadlines.ladoReferralWorkingDays",
                "The LADO is told within one working day (KCSIE Part 4): 0 (the same day) or 1; a school may shorten it, never lengthen it.");
        }
        if (Deadlines.SocialCareAcknowledgementWorkingDays is < 0 or > 1)
        {
            yield return ("R15", "settings.deadlines.socialCareAcknowledgementWorkingDays",
                "Children's social care acknowledges a referral within one working day (Working Together): 0 or 1.");
        }
        if (Deadlines.ContentRemovalWaitingWorkingDays is < 1 or > 20)
        {
            yield return ("S1", "settings.deadlines.contentRemovalWaitingWorkingDays",
                "The poster's waiting period (R10) is 1 to 20 working days of the school's own calendar.");
        }
        if (Categories is { Count: > 0 } categories && AlwaysRecorded.Any(c => !categories.Contains(c)))
        {
            yield return ("S7", "settings.categories",
                "A school's categories include sharing nudes (R9 applies to it whatever the school calls it) and other (no report is refused for its category).");
        }
        if (LowLevelConcernYearsAfterLeaving is < 0 or > MaxLowLevelConcernYears)
        {
            yield return ("S1", "settings.lowLevelConcernYearsAfterLeaving",
                $"A low-level concern is kept at least until the member of staff leaves (KCSIE Part 4): 0 to {MaxLowLevelConcernYears} years after they leave.");
        }
        if (Closures is null || Closures.Count > MaxClosures)
        {
            yield return ("S1", "settings.closures", $"Closure days: a list of up to {MaxClosures} dates.");
        }
    }

    /// <summary>Where this policy differs from the default, in words the DSL reads on the case; stricter ones say why they still apply.</summary>
    public IReadOnlyList<PolicyDifference> Differences()
    {
        var d = Default;
        var differences = new List<PolicyDifference>();
        if (Deadlines.DslTriageWorkingDays != d.Deadlines.DslTriageWorkingDays)
        {
            differences.Add(new("dsl-triage", "The DSL triages a report the same working day it is made (stricter than Casework's default of the next working day)."));
        }
        if (Deadlines.LadoReferralWorkingDays != d.Deadlines.LadoReferralWorkingDays)
        {
            differences.Add(new("lado-referral", "The LADO is told the same day (stricter than KCSIE's one working day)."));
        }
        if (Deadlines.SocialCareAcknowledgementWorkingDays != d.Deadlines.SocialCareAcknowledgementWorkingDays)
        {
            differences.Add(new("social-care-acknowledgement", "A referral to children's social care not acknowledged the same day is followed up."));
        }
        if (Deadlines.ContentRemovalWaitingWorkingDays != d.Deadlines.ContentRemovalWaitingWorkingDays)
        {
            differences.Add(new("poster-wait", $"A poster has {Deadlines.ContentRemovalWaitingWorkingDays} school days to remove content before the platform is asked (default {d.Deadlines.ContentRemovalWaitingWorkingDays})."));
        }
        if (StaffCyberbullyingPolice == StaffCyberbullyingPolice.Required)
        {
            differences.Add(new("staff-cyberbullying-police", "Cyberbullying of a member of staff is always reported to the police, whatever the member of staff wishes (stricter than the default, where they decide)."));
        }
        if (SharingNudes == SharingNudesPolicy.PoliceAndParentsAlways)
        {
            differences.Add(new("sharing-nudes", "Every sharing-nudes incident is reported to the police and the parents (stricter than UKCIS, which lets the DSL handle it in school). " +
                "Guidance still protects the child: parents are not told where that would put the child at risk; record that decision with its reason."));
        }
        if (ParentMeetingBy == ParentMeetingBy.Headteacher)
        {
            differences.Add(new("parent-meeting", "Only the headteacher invites a parent in breach of the code to a meeting."));
        }
        if (Categories is { Count: > 0 } recorded)
        {
            differences.Add(new("categories", $"Concerns are recorded under the school's own {recorded.Count} categories; anything else is recorded as other."));
        }
        if (LowLevelConcernYears != DefaultLowLevelConcernYears)
        {
            differences.Add(new("low-level-concern-retention", $"A low-level concern is kept {LowLevelConcernYears} years after the member of staff leaves (default {DefaultLowLevelConcernYears})."));
        }
        if (ContactAttemptsTold == ContactAttemptsTold.DslAndHeadteacher)
        {
            differences.Add(new("contact-attempts", "The headteacher is told of every attempt to contact a member of staff, and reads those concerns; the DSL manages them."));
        }
        return differences;
    }
}

/// <summary>One way a school's policy differs from the default: which setting, and what it means for the case, in words.</summary>
public sealed record PolicyDifference(string Setting, string Meaning);
