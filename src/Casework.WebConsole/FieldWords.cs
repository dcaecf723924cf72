namespace Casework.WebConsole;

/// <summary>
/// A field of a generated form in the words a DSL or a teacher uses: its label, and what a missing one asks for ("Enter
/// what happened."). The API's own names ("url", "staffVictimId", "wordsAsSaid") are never shown; a field named
/// nowhere here is shown as its name in words.
/// </summary>
public sealed record FieldWords(string Label, string Noun)
{
    /// <summary>
    /// The words of <paramref name="name"/> on the form of <paramref name="form"/> (the route's last segment:
    /// "concerns", "refer-to-police"): when something happened depends on what the form records.
    /// </summary>
    public static FieldWords Of(string form, string name) => (form, name) switch
    {
        (_, "occurredAt") => When(form),
        ("record-evidence", "description") => new("What it shows", "what it shows"),
        ("record-evidence", "where") => new("Where it is kept", "where it is kept"),
        ("record-evidence", "kind") => new("Kind of evidence", "the kind of evidence"),
        ("record-material-found", "description") => new("What was found", "what was found"),
        ("place-legal-hold", "kind") => new("Why the record must be kept", "why the record must be kept"),
        ("place-legal-hold", "reference") => new("Reference (the claim, inquiry or request)", "the reference"),
        ("record-referral-acknowledgement", "by") => new("Acknowledged by", "who acknowledged it"),
        ("record-referral-acknowledgement", "reference") => new("Their reference", "their reference"),
        ("record-content-removal-outcome", "from") => new("Who was asked", "who was asked"),
        ("record-content-removal-outcome", "outcome") => new("What they did", "what they did"),
        ("complete-action", "outcome") => new("What was done", "what was done"),
        ("complete-action", "actionId") => new("Which action", "which action"),
        ("lift-legal-hold", "holdId") => new("Which hold", "which hold"),
        ("close", "summary") => new("Summary of the case", "a summary of the case"),
        ("record-meeting", "summary") => new("What was discussed and agreed", "what was discussed and agreed"),
        ("refer-to-police" or "refer-to-social-care" or "refer-to-lado", "summary") => new("What you told them", "what you told them"),
        ("refer-to-police" or "refer-to-social-care" or "refer-to-lado", "reference") => new("Their reference (if given)", "their reference"),
        ("request-content-removal", "url") => new("Web address of the post", "the web address of the post"),
        ("record-content-removal-outcome", "url") => new("Web address of the post it was about (if there is one)", "the web address of the post"),
        ("concerns", "description") => new("Where it happened (e.g. a private group chat)", "where it happened"),
        (_, _) when Plain.TryGetValue(name, out var words) => words,
        _ => new(Words.Sentence(name), "the " + Words.Sentence(name).ToLowerInvariant()),
    };

    private static FieldWords When(string form) => form switch
    {
        "refer-to-police" or "refer-to-social-care" or "refer-to-lado" or "record-dbs-referral" => new("When the referral was made", "when the referral was made"),
        "record-referral-acknowledgement" => new("When they acknowledged it", "when they acknowledged it"),
        "request-content-removal" => new("When you asked", "when you asked"),
        "record-content-removal-outcome" => new("When they answered", "when they answered"),
        "record-meeting" => new("When the meeting was held", "when the meeting was held"),
        "invite-to-meeting" => new("When the invitation was sent", "when the invitation was sent"),
        "record-hr-advice" or "record-lado-advice" => new("When the advice was given", "when the advice was given"),
        "record-victim-wishes" or "record-subject-consent" => new("When they said so", "when they said so"),
        "record-material-found" => new("When it was found", "when it was found"),
        "apply-sanction" => new("When the sanction was applied", "when the sanction was applied"),
        "add-note" => new("When it happened (if not just now)", "when it happened"),
        _ => new("When it happened", "when it happened"),
    };

    private static readonly Dictionary<string, FieldWords> Plain = new()
    {
        ["about"] = new("What it is about", "what it is about"),
        ["account"] = new("What happened, in your own words", "what happened"),
        ["advice"] = new("The advice given", "the advice given"),
        ["assigneeId"] = new("Who will do it", "who will do it"),
        ["attendees"] = new("Who attended", "who attended"),
        ["capturedAt"] = new("When it was captured", "when it was captured"),
        ["confirm"] = new("I confirm", "your confirmation"),
        ["consents"] = new("They consent to keeping the details", "whether they consent"),
        ["criteriaMet"] = new("Which UKCIS criteria are met", "which UKCIS criteria are met"),
        ["disclosedTo"] = new("Who the pupil told", "the member of staff the pupil told"),
        ["dueOn"] = new("Due by the end of", "the day it is due"),
        ["flags"] = new("What the post does", "what the post does"),
        ["from"] = new("Who you asked to remove it", "who you asked"),
        ["immediateRisk"] = new("A child is at immediate risk", "whether a child is at immediate risk"),
        ["incidentAt"] = new("When the incident happened", "when the incident happened"),
        ["indecentImagesFound"] = new("Indecent images of children were found", "whether indecent images were found"),
        ["unsuitableMaterialFound"] = new("Other unsuitable material was found", "whether other unsuitable material was found"),
        ["keepUntil"] = new("Keep until", "the day to keep it until"),
        ["limbsMet"] = new("Which parts of the harm test are met", "which parts of the harm test are met"),
        ["newSubject"] = new("Someone not in the school's directory", "who they are"),
        ["otherChildren"] = new("Other children involved, not in the directory", "the other children"),
        ["otherPupilId"] = new("Another pupil involved", "the other pupil"),
        ["parentId"] = new("Parent", "the parent"),
        ["platform"] = new("Platform or app", "the platform or app"),
        ["proposedFor"] = new("Proposed for", "when it is proposed for"),
        ["pupilId"] = new("Pupil", "the pupil"),
        ["pupilIds"] = new("Children involved", "the children involved"),
        ["rationale"] = new("Rationale (why you decided this)", "your rationale"),
        ["receivedAt"] = new("When the school was told (if not just now)", "when the school was told"),
        ["referred"] = new("Referred to the Teaching Regulation Agency", "whether it was referred"),
        ["role"] = new("Their part in it", "their part in it"),
        ["sexualActs"] = new("Sexual acts involved", "whether sexual acts were involved"),
        ["sha256"] = new("SHA-256 of the file (if there is one)", "the file's SHA-256"),
        ["sharedWith"] = new("Shared with", "whom it was shared with"),
        ["staffVictimId"] = new("A member of staff harmed by it (if any)", "the member of staff"),
        ["subjectId"] = new("The member of staff it is about", "the member of staff it is about"),
        ["targetStaffId"] = new("The member of staff it targets (if any)", "the member of staff"),
        ["text"] = new("Note", "the note"),
        ["url"] = new("Web address (if there is one)", "the web address"),
        ["wantsPolice"] = new("They want the police told", "whether they want the police told"),
        ["what"] = new("What is to be done", "what is to be done"),
        ["whatWasPosted"] = new("What was posted", "what was posted"),
        ["where"] = new("Where", "where"),
        ["wordsAsSaid"] = new("The pupil's words, as they said them", "the pupil's words"),
    };
}
