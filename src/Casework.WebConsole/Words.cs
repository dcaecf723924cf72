using System.Globalization;

namespace Casework.WebConsole;

/// <summary>The API's names (kinds, statuses, actions, fields) in the words a DSL uses.</summary>
public static class Words
{
    // The build is culture-invariant (InvariantGlobalization): its names of days and months are English.

    /// <summary>A concern's or disclosure's risk, or that it awaits triage; null for the kinds that are never triaged.</summary>
    public static string? Risk(string kind, string? risk) =>
        kind is not ("concern" or "disclosure") ? null : risk is { } level ? Sentence(level) : "Not yet triaged";

    /// <summary>A kind of person as a sentence names one: "pupil", "member of staff", "parent".</summary>
    public static string Person(string? kind) => kind switch
    {
        "staff" or null => "member of staff",
        _ => kind,
    };

    public static string Kind(string kind) => kind switch
    {
        "concern" => "Concern",
        "disclosure" => "Disclosure",
        "allegation" => "Allegation against staff",
        "parent-breach" => "Parent breach",
        _ => Sentence(kind),
    };

    public static string Manager(string? managedBy) => managedBy switch
    {
        null => "",
        "dsl" => "the DSL",
        "headteacher" => "the headteacher",
        "chair-of-governors" => "the chair of governors",
        "dsl-and-headteacher" => "the DSL and the headteacher",
        _ => Sentence(managedBy),
    };

    /// <summary>"; escalated to the headteacher and the chair of governors" for a missed deadline's escalation (ADR 36); "" for none.</summary>
    public static string EscalatedTo(IReadOnlyList<string>? roles) =>
        roles is { Count: > 0 } ? $"; escalated to {string.Join(" and ", roles.Select(Manager))}" : "";

    /// <summary>A deadline on the case page: met, or how many working days are left or late; once missed, to whom it went.</summary>
    public static string DeadlineState(DeadlineView deadline, DateTimeOffset now) =>
        deadline.Satisfied ? "met" : deadline.Missed ? "missed" + EscalatedTo(deadline.EscalatedTo) : WorkingDaysFrom(now, deadline.Due);

    /// <summary>"refer-to-social-care" → "Refer to social care"; "occurredAt" → "Occurred at".</summary>
    public static string Sentence(string name)
    {
        if (name == "posh")
        {
            return "POSH (the Professionals Online Safety Helpline)";
        }
        var words = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (c == '-' || c == '_')
            {
                words.Append(' ');
            }
            else if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }
        var text = words.ToString().Replace("dsl", "DSL").Replace("lado", "LADO").Replace("dbs", "DBS").Replace("tra ", "TRA ")
            .Replace("ukcis", "UKCIS").Replace("hr ", "HR ").Replace(" id", "").Replace("sha256", "SHA-256")
            .Replace("childrens social care", "children's social care").Replace("to social care", "to children's social care");
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>The school's clock, whatever the browser's: deadlines and times are the school's (England and Wales).</summary>
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateTime InLondon(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, London).DateTime;

    /// <summary>Why a case's content was erased, as the decision says it.</summary>
    public static string Erasure(string reason) => reason switch
    {
        "false-or-malicious-allegation" => "the allegation was found false or malicious",
        "retention-review" => "a retention review decided to destroy the record",
        _ => Sentence(reason).ToLowerInvariant(),
    };

    /// <summary>An alert's channel as a person says it.</summary>
    public static string Channel(string channel) => channel switch
    {
        "email" => "e-mail",
        "webhook" => "the school's webhook",
        _ => Sentence(channel),
    };

    /// <summary>"Fri 4 Dec 2026, 15:30", in London time.</summary>
    public static string When(DateTimeOffset at) => InLondon(at).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A deadline as a DSL says it. The API gives the instant it falls due, exclusive (the start of the next London
    /// day), and the day it ends with (<paramref name="endsOn"/>; read from the instant where a list gives only that):
    /// "due Sat 5 Dec 00:00" is "by the end of Friday 4 December". A deadline at any other time is "by 14:00 on
    /// Tuesday 8 December". The year is said when it is not this year's.
    /// </summary>
    public static string Due(DateTimeOffset due, DateOnly? endsOn = null)
    {
        var local = InLondon(due);
        var thisYear = InLondon(DateTimeOffset.Now).Year;
        if (local.TimeOfDay != TimeSpan.Zero)
        {
            var year = local.Year == thisYear ? "" : " yyyy";
            return $"by {local.ToString("HH:mm", CultureInfo.InvariantCulture)} on {local.ToString("dddd d MMMM" + year, CultureInfo.InvariantCulture)}";
        }
        return $"by the end of {Day(endsOn ?? DateOnly.FromDateTime(local.AddDays(-1)))}";
    }

    /// <summary>The instant a day ends in London (the start of the next): when something due on that day falls due.</summary>
    public static DateTimeOffset EndOf(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, London.GetUtcOffset(midnight));
    }

    /// <summary>A day as a DSL names it: "Friday 4 December", with the year when it is not this year's.</summary>
    public static string Day(DateOnly day) =>
        day.ToString("dddd d MMMM" + (day.Year == InLondon(DateTimeOffset.Now).Year ? "" : " yyyy"), CultureInfo.InvariantCulture);

    /// <summary>Working days between now and a deadline, as a DSL counts them (Monday to Friday; the API's calendar decides what is due).</summary>
    public static string WorkingDaysFrom(DateTimeOffset now, DateTimeOffset due)
    {
        var (from, to, sign) = due >= now ? (now.Date, due.Date, 1) : (due.Date, now.Date, -1);
        var days = 0;
        for (var d = from; d < to; d = d.AddDays(1))
        {
            if (d.AddDays(1).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days++;
            }
        }
        return (sign, days) switch
        {
            (_, 0) => "due today",
            (1, 1) => "1 working day left",
            (1, _) => $"{days} working days left",
            (_, 1) => "1 working day overdue",
            _ => $"{days} working days overdue",
        };
    }

    // Typed dates: the UK's day/month/year whatever the browser's locale, and ISO 8601 (unambiguous) as well.
    private static readonly string[] DayTimeFormats =
        ["d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "d/M/yyyy, H:mm", "d/M/yyyy, H:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"];

    private static readonly string[] DayFormats = ["d/M/yyyy", "yyyy-MM-dd"];

    /// <summary>A day and time as typed, in London: "4/12/2026 14:30".</summary>
    public static string Typed(DateTimeOffset at) => InLondon(at).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A day and time typed in London time (day/month/year hours:minutes), as an instant; null if it is not one.</summary>
    public static DateTimeOffset? DayAndTime(string text)
    {
        if (!DateTime.TryParseExact(text.Trim(), DayTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }
        // An hour the clocks skip in spring does not exist: read it as the hour after.
        var offset = London.IsInvalidTime(local) ? London.GetUtcOffset(local.AddHours(1)) : London.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>A day typed as day/month/year; null if it is not one.</summary>
    public static DateOnly? Day(string text) =>
        DateOnly.TryParseExact(text.Trim(), DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public const string DayAndTimeHint = "Day/month/year and time, London time, e.g. 4/12/2026 14:30.";

    public const string DayHint = "Day/month/year, e.g. 27/11/2026.";

    public const string NotADayAndTime = "Enter the day and time as day/month/year hours:minutes, e.g. 4/12/2026 14:30.";

    public const string NotADay = "Enter the day as day/month/year, e.g. 27/11/2026.";
}
