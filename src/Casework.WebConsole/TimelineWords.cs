using System.Text.Json;

namespace Casework.WebConsole;

/// <summary>A timeline entry in plain words: who did what, and what they wrote, with people by name.</summary>
public static class TimelineWords
{
    private static readonly Dictionary<string, string> Done = new()
    {
        ["concern-reported"] = "reported a concern",
        ["disclosure-recorded"] = "recorded a disclosure",
        ["allegation-reported"] = "reported an allegation against a member of staff",
        ["parent-breach-reported"] = "reported a parent's breach of the social-media code",
        ["case-triaged"] = "triaged the case",
        ["case-escalated-to-dsl"] = "escalated the case to the DSL",
        ["case-referred-to-police"] = "referred the case to the police",
        ["case-referred-to-social-care"] = "referred the case to children's social care",
        ["referral-acknowledged"] = "recorded that a referral was acknowledged",
        ["content-removal-requested"] = "asked for content to be removed",
        ["content-removal-outcome-recorded"] = "recorded what came of a removal request",
        ["meeting-held"] = "recorded a meeting",
        ["evidence-recorded"] = "recorded evidence",
        ["decision-recorded"] = "recorded a decision",
        ["action-assigned"] = "assigned an action",
        ["action-completed"] = "completed an action",
        ["note-added"] = "added a note",
        ["victim-wishes-recorded"] = "recorded the victim's wishes",
        ["timeline-shared"] = "shared the timeline",
        ["case-closed"] = "closed the case",
        ["case-reopened"] = "reopened the case",
        ["nudes-sharing-assessed"] = "assessed the UKCIS criteria",
        ["concern-recategorised"] = "changed the concern's category",
        ["allegation-case-manager-assigned"] = "was made case manager",
        ["harm-threshold-assessed"] = "assessed the harm threshold",
        ["low-level-concern-recorded"] = "recorded a low-level concern",
        ["allegation-referred-to-lado"] = "referred the allegation to the LADO",
        ["allegation-advice-recorded"] = "recorded advice",
        ["investigation-step-recorded"] = "recorded an investigation step",
        ["allegation-outcome-recorded"] = "recorded the allegation's outcome",
        ["dbs-referral-recorded"] = "recorded a DBS referral",
        ["tra-referral-considered"] = "considered a TRA referral",
        ["subject-consent-to-keep-recorded"] = "recorded the subject's consent to keep their details",
        ["allegation-material-found"] = "recorded material found",
        ["allegation-erased-from-staff-registers"] = "erased the allegation from staff-facing registers",
        ["parent-invited-to-meeting"] = "invited the parent to a meeting",
        ["parent-sanction-applied"] = "applied a sanction",
    };

    // Ids, times and who reported are said otherwise (by name, in the entry's heading), not as fields.
    private static readonly HashSet<string> Unsaid = ["occurredAt", "receivedAt", "reportedAt", "reportedBy", "reporter", "recordedAt", "at"];

    public static string Headline(TimelineEntry entry, Names names) =>
        $"{(entry.ActorId is { } actor ? names.Of(actor) : "Someone")} {Done.GetValueOrDefault(entry.Type, Words.Sentence(entry.Type).ToLowerInvariant())}";

    /// <summary>What the entry says, field by field: "Risk: high", "Pupils: Amira Khan (victim)".</summary>
    public static IEnumerable<(string Label, string Text)> Details(JsonElement data, Names names)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var field in data.EnumerateObject())
        {
            if (Unsaid.Contains(field.Name) || field.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }
            var text = Say(field.Name, field.Value, names);
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (Words.Sentence(field.Name), text);
            }
        }
    }

    /// <summary>The people an entry names, so their names can be fetched before it is shown.</summary>
    public static IEnumerable<Guid?> PeopleIn(TimelineEntry entry) => Ids(entry.Data).Prepend(entry.ActorId);

    public static IEnumerable<Guid?> Ids(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().SelectMany(p => Ids(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Ids),
        JsonValueKind.String when Guid.TryParse(value.GetString(), out var id) => [id],
        _ => [],
    };

    private static string Say(string name, JsonElement value, Names names) => value.ValueKind switch
    {
        JsonValueKind.String when Guid.TryParse(value.GetString(), out var id) => names.Of(id),
        JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), out var at) && value.GetString()!.Contains('T') => Words.When(at),
        JsonValueKind.String => name is "category" or "risk" or "about" or "outcome" or "agency" or "decision" or "role" or "kind"
            ? Words.Sentence(value.GetString()!) : value.GetString()!,
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Select(v => Say(name, v, names)).Where(s => s.Length > 0)),
        JsonValueKind.Object when value.TryGetProperty("pupilId", out var pupil) && value.TryGetProperty("role", out var role)
            => $"{Say("pupilId", pupil, names)} ({Words.Sentence(role.GetString() ?? "").ToLowerInvariant()})",
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .Select(p => Say(p.Name, p.Value, names))),
        _ => value.GetRawText(),
    };
}
