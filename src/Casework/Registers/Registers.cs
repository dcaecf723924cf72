using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using Casework.ParentBreaches;

namespace Casework.Registers;

/// <summary>A person a register row names: the id, and the name the directory held (null when it holds none).</summary>
public sealed record PersonName(Guid Id, string? Name);

/// <summary>
/// What a row needs beyond its case: the names of the people it names, the instant it is read as at, who reads it,
/// and whether the case's details are withheld (R8, decided from the case as it is now: <see cref="Sight"/>).
/// </summary>
public sealed record RowContext(IReadOnlyDictionary<Guid, string> Names, DateTimeOffset Now, Actor Reader, bool Withheld = false)
{
    /// <summary>The pupils' dates of birth the directory held, for their records' retention dates (ADR 35).</summary>
    public IReadOnlyDictionary<Guid, PupilFacts> Pupils { get; init; } = new Dictionary<Guid, PupilFacts>();

    /// <summary>Staff dates of birth the directory held, for an allegation's retention until normal retirement age (ADR 35).</summary>
    public IReadOnlyDictionary<Guid, StaffFacts> Staff { get; init; } = new Dictionary<Guid, StaffFacts>();

    public PersonName Person(Guid id) => new(id, Names.GetValueOrDefault(id));

    public IReadOnlyList<PersonName> People(IEnumerable<Guid> ids) => [.. ids.Select(Person)];
}

/// <summary>
/// One register of DOMAIN.md: its name (the route's last segment), who may read it, which cases it lists (a tag
/// the case document carries, or an overdue deadline), and the typed rows a case gives it. Rows are computed
/// from the inline case document, so a register can never lag behind the events, and a past instant is
/// answered by the same functions over the case as it then was.
/// </summary>
public sealed record Register<TRow>(string Name, string Summary, IReadOnlySet<Role> Readers, Func<CaseRecord, RowContext, IEnumerable<TRow>> Rows)
{
    /// <summary>The overdue register lists cases by their earliest open deadline (most late first); the others by when the school was told (oldest first).</summary>
    public bool ByDeadline { get; init; }

    /// <summary>Whether a record withheld under R8 is listed (as withheld); every other register leaves it out, since its rows name people.</summary>
    public bool ListsWithheld { get; init; }

    /// <summary>Whether its rows carry a case's personal content (ADR 28), opened for the reader after the sight rule.</summary>
    public bool ShowsContent { get; init; }
}

public sealed record DslQueueRow(
    Guid CaseId, string Kind, DateTimeOffset ReceivedAt, bool EscalatedToDsl, DateTimeOffset? TriageDue, bool Overdue, IReadOnlyList<PersonName> People);

/// <summary>A referral to an agency: when made, the statutory deadline for making it (R5, R6) and, for children's social care, the acknowledgement (R15).</summary>
public sealed record ReferralRow(
    Guid CaseId, string Kind, string Status, Agency Agency, DateTimeOffset ReferredAt, DateTimeOffset? DueBy, bool? MadeInTime,
    bool Acknowledged, DateTimeOffset? AcknowledgementDue, bool NeedsFollowUp, IReadOnlyList<PersonName> People);

/// <summary>What R10 allows next for one removal request.</summary>
public enum RemovalNextStep { WaitForPoster, AskPlatformOrPosh, AwaitOutcome, Nothing }

/// <summary>One request to take down one item of content (<paramref name="Url"/>); R10's next step is for that URL.</summary>
public sealed record ContentRemovalRow(
    Guid CaseId, string Kind, string Url, RemovalAskedOf AskedOf, DateTimeOffset AskedAt, ContentRemovalOutcome? Outcome,
    RemovalNextStep Next, DateTimeOffset? PlatformAllowedFrom, IReadOnlyList<PersonName> People);

/// <summary>
/// The KCSIE Part 4 record of one allegation. R8: when it was found false or malicious and the subject's consent
/// to keep the details is not recorded, the subject and the summary are withheld from every reader (an auditor
/// sees that it is withheld and why, not its content), whatever instant is read; the events themselves stay.
/// </summary>
public sealed record AllegationRow(
    Guid CaseId, DateTimeOffset ReceivedAt, string Status, string ManagedBy, PersonName? Subject, string? Summary, bool DetailsWithheld,
    bool? ThresholdMet, DateTimeOffset? ReferredToLadoAt, AllegationOutcome? Outcome, bool MayBeMentionedInReferences, bool DbsReferred,
    string? WithheldBecause = null);

public sealed record LowLevelConcernEntry(Guid CaseId, DateTimeOffset ReceivedAt, string Status, string? Summary);

/// <summary>The low-level concerns about one member of staff, so that a pattern shows (KCSIE Part 4 section 2).</summary>
public sealed record StaffConcernPattern(PersonName Staff, int Count, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<LowLevelConcernEntry> Concerns);

public sealed record ParentBreachRow(
    Guid CaseId, DateTimeOffset ReceivedAt, string Status, PersonName Parent, IReadOnlyList<PersonName> Pupils, string Platform, string? Url,
    IReadOnlyList<MaterialFlag> Flags, bool InvitedToMeeting, IReadOnlyList<Sanction> Sanctions);

/// <summary>
/// A statutory deadline missed: which, under which rule, when it was due and how late in working days (counting today);
/// <c>missedRecorded</c>: the miss is recorded on the case and was escalated (false in the moments before its check runs),
/// to the roles in <c>escalatedTo</c> (ADR 36: the DSL's to the headteacher, the headteacher's to the chair; none above the chair).
/// </summary>
public sealed record OverdueRow(
    Guid CaseId, string Kind, string Deadline, string? Rule, DateTimeOffset Due, int WorkingDaysLate, IReadOnlyList<PersonName> People,
    bool MissedRecorded, IReadOnlyList<Role> EscalatedTo);

/// <summary>
/// A closed record due for review (ADR 35): its retention date (null when it cannot be worked out: a review keeps it
/// until a day) and the legal holds that block its destruction.
/// </summary>
/// <paramref name="DateOfBirthUnknown"/>: the directory holds no date of birth the date needs (a pupil's: no date; an
/// allegation subject's: 10 years, which may end before their normal retirement age).
public sealed record RetentionRow(Guid CaseId, string Kind, DateTimeOffset ReceivedAt, DateOnly? DueOn, IReadOnlyList<LegalHoldKind> Holds, IReadOnlyList<PersonName> People,
    bool DateOfBirthUnknown);

/// <summary>The registers of DOMAIN.md ("Registers") and who reads each (API.md).</summary>
public static class CaseRegisters
{
    public const string DslQueue = "dsl-queue";
    public const string LadoReferrals = "lado-referrals";
    public const string PoliceReferrals = "police-referrals";
    public const string SocialCareReferrals = "social-care-referrals";
    public const string AwaitingAcknowledgement = "social-care-awaiting-acknowledgement";
    public const string ContentRemovals = "content-removals";
    public const string Allegations = "allegations";
    public const string LowLevelConcerns = "low-level-concerns";
    public const string ParentBreaches = "parent-breaches";
    public const string Overdue = "overdue";
    public const string Retention = "retention";

    /// <summary>The registers that go by a tag of the case document (all but the overdue register).</summary>
    public static IReadOnlyList<string> Tagged { get; } =
        [DslQueue, LadoReferrals, PoliceReferrals, SocialCareReferrals, AwaitingAcknowledgement, ContentRemovals, Allegations, LowLevelConcerns, ParentBreaches, Retention];

    /// <summary>
    /// The condition "listed in the register <paramref name="tag"/>" on the case register's table, the same text in
    /// the query and in its partial index: a literal, not a parameter, since PostgreSQL uses a partial index only for a
    /// query whose condition it can prove implies the index's, and it cannot from a parameter. The tag is one of our
    /// constants, never the caller's input.
    /// </summary>
    public static string ListedIn(string tag) => Tagged.Contains(tag)
        ? $"registers @> '{{{tag}}}'::text[]"
        : throw new ArgumentOutOfRangeException(nameof(tag), tag, "Not a tagged register.");

    /// <summary>The registers a case is listed in (the overdue register goes by deadline, not by tag), given its deadlines: a column of the case document.</summary>
    public static string[] Tags(Case @case, IReadOnlyList<Deadline> deadlines)
    {
        var file = @case.File;
        var tags = new List<string>();
        if (AwaitsDsl(@case, deadlines))
        {
            tags.Add(DslQueue);
        }
        tags.AddRange(file.Referrals.Keys.Select(ReferralRegister));
        if (file.Referrals.TryGetValue(Agency.ChildrensSocialCare, out var socialCare) && !socialCare.Acknowledged)
        {
            tags.Add(AwaitingAcknowledgement);
        }
        if (!file.Removals.IsEmpty)
        {
            tags.Add(ContentRemovals);
        }
        if (@case is AllegationCase allegation)
        {
            tags.Add(Allegations);
            if (allegation.State.LowLevelConcern)
            {
                tags.Add(LowLevelConcerns);
            }
        }
        if (@case is ParentBreachCase)
        {
            tags.Add(ParentBreaches);
        }
        // ADR 35: a closed record is reviewed once its retention date comes; a destroyed one is gone from review.
        if (file.Closed && !file.Erased)
        {
            tags.Add(Retention);
        }
        return [.. tags];
    }

    public static Register<DslQueueRow> DslQueueRegister { get; } = new(DslQueue,
        "The DSL's triage queue: open cases not yet triaged that await the DSL (reported, or escalated to the DSL), oldest first.",
        Readers(Role.Dsl), (record, context) =>
        {
            var triage = record.Deadlines().FirstOrDefault(d => d.Name == DeadlineNames.DslTriage);
            return [new DslQueueRow(record.Id, record.Kind, record.ReportedAt, record.Case.File.EscalatedToDsl, triage?.Due,
                triage?.IsOverdue(context.Now) == true, context.People(record.People))];
        });

    public static Register<ReferralRow> LadoReferralsRegister { get; } = Referrals(Agency.Lado, LadoReferrals,
        "Referrals to the LADO, with the deadline for making them: 1 working day once the harm threshold is met, the same day for indecent images.",
        Readers(Role.Headteacher, Role.ChairOfGovernors, Role.LadoLiaison, Role.Dsl), DeadlineNames.LadoReferral);

    public static Register<ReferralRow> PoliceReferralsRegister { get; } = Referrals(Agency.Police, PoliceReferrals,
        "Referrals to the police, with the deadline for making them where one applies: the same day for indecent images.",
        Readers(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors), DeadlineNames.PoliceReferral);

    public static Register<ReferralRow> SocialCareReferralsRegister { get; } = Referrals(Agency.ChildrensSocialCare, SocialCareReferrals,
        "Referrals to children's social care, with the acknowledgement due 1 working day after each; one not acknowledged by then needs follow-up.",
        Readers(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors), null);

    /// <summary>
    /// R15's work list: the referrals to children's social care not yet acknowledged, whichever year they were made in, so
    /// that a school with years of acknowledged referrals still sees today's on its first page.
    /// </summary>
    public static Register<ReferralRow> AwaitingAcknowledgementRegister { get; } = Referrals(Agency.ChildrensSocialCare, AwaitingAcknowledgement,
        "Referrals to children's social care not yet acknowledged, oldest first: each with its acknowledgement due, and whether it now needs follow-up.",
        Readers(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors), null);

    public static Register<ContentRemovalRow> ContentRemovalsRegister { get; } = new(ContentRemovals,
        "Requests to remove content online: who was asked and when, the outcome, and what may be done next (the platform or POSH only after the poster refused or did not respond in time).",
        Readers(Role.Dsl, Role.Headteacher), (record, context) =>
            record.Case.File.Removals.OrderBy(r => r.AskedAt).Select(request =>
            {
                var askedOf = request.AskedOf;
                var allowedFrom = askedOf == RemovalAskedOf.Poster ? record.Case.File.PosterWaitEnds(request) : (DateTimeOffset?)null;
                var next = (askedOf, request.Outcome) switch
                {
                    (_, ContentRemovalOutcome.Removed) => RemovalNextStep.Nothing,
                    (RemovalAskedOf.Poster, not null) => RemovalNextStep.AskPlatformOrPosh,
                    (RemovalAskedOf.Poster, null) when context.Now >= allowedFrom => RemovalNextStep.AskPlatformOrPosh,
                    (RemovalAskedOf.Poster, null) => RemovalNextStep.WaitForPoster,
                    (_, null) => RemovalNextStep.AwaitOutcome,
                    _ => RemovalNextStep.Nothing,
                };
                return new ContentRemovalRow(record.Id, record.Kind, request.Url, askedOf, request.AskedAt, request.Outcome, next, allowedFrom, context.People(record.People));
            }));

    public static Register<AllegationRow> AllegationsRegister { get; } = new(Allegations,
        "The allegations register (KCSIE Part 4): summary, threshold, LADO referral, outcome and whether it may be mentioned in references; false or malicious ones without the subject's consent are withheld from staff-facing rows.",
        Readers(Role.Headteacher, Role.ChairOfGovernors, Role.LadoLiaison), (record, context) =>
        {
            var state = ((AllegationCase)record.Case).State;
            var withheld = context.Withheld;
            var referral = state.Case.Referrals.GetValueOrDefault(Agency.Lado);
            return [new AllegationRow(record.Id, record.ReportedAt, record.Status, record.ManagedBy,
                withheld ? null : context.Person(state.SubjectId), withheld ? null : Account(record), withheld,
                state.Threshold?.Met, referral?.MadeAt, state.Outcome,
                // KCSIE Part 4: only substantiated allegations are mentioned in employer references.
                state.Outcome == AllegationOutcome.Substantiated, state.DbsReferred, withheld ? Sight.WithheldBecause : null)];
        })
    { ListsWithheld = true, ShowsContent = true };

    public static Register<ParentBreachRow> ParentBreachesRegister { get; } = new(ParentBreaches,
        "Parents' breaches of the social-media code, with the meeting invitation and the sanctions applied.",
        Readers(Role.Dsl, Role.Headteacher), (record, context) =>
        {
            var state = ((ParentBreachCase)record.Case).State;
            var report = record.ReportAs<ParentBreachReported>();
            return [new ParentBreachRow(record.Id, record.ReportedAt, record.Status, context.Person(state.ParentId), context.People(report.PupilIds),
                report.Platform, report.Url, [.. state.Flags], state.Invited, [.. state.Sanctions.Order()])];
        });

    public static Register<RetentionRow> RetentionRegister { get; } = new(Retention,
        "Closed records due for review: their retention date has come (a pupil's date of birth + 25 years, 75 for sexual abuse; an allegation the subject's State Pension age or 10 years, whichever is later; " +
        "a low-level concern the school's years after the member of staff leaves; " +
        "or the day a review kept it until), or it cannot be worked out, with the legal holds that block destruction. A page lists the due records among the next `limit` closed ones: follow `next`.",
        Readers(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors), (record, context) =>
        {
            var due = Cases.Retention.DueOn(record.Case, context.Pupils, context.Staff);
            return due is { } day && day > Calendar.WorkingDayCalendar.LocalDate(context.Now)
                || Cases.Retention.KeptWhileTheyStay(record.Case, context.Staff)
                ? []
                : [new RetentionRow(record.Id, record.Kind, record.ReportedAt, due, [.. record.Case.File.Holds.Values.Distinct().Order()], context.People(record.People),
                    Cases.Retention.DateOfBirthUnknown(record.Case, context.Pupils, context.Staff))];
        });

    public static Register<OverdueRow> OverdueRegister { get; } = new(Overdue,
        "Every missed statutory deadline: the rule, when it was due, how many working days late (counting today) and whom its miss was escalated to, most late first.",
        Readers(Role.Dsl, Role.Headteacher, Role.ChairOfGovernors), (record, context) =>
            record.Deadlines().Where(d => d.IsOverdue(context.Now)).OrderBy(d => d.Due).Select(d =>
                new OverdueRow(record.Id, record.Kind, d.Name, RuleOf(record, d.Name), d.Due, WorkingDaysLate(d.Due, context.Now), context.People(record.People),
                    d.Missed, d.EscalatedTo ?? [])))
    { ByDeadline = true };

    public const string LowLevelConcernsSummary =
        "Low-level concerns grouped by member of staff, so that a pattern shows (KCSIE Part 4 section 2); paged by staff id (`after`). The subject never sees concerns about them, nor a headteacher those the chair manages.";

    public static IReadOnlySet<Role> LowLevelConcernReaders { get; } = Readers(Role.Headteacher, Role.ChairOfGovernors);

    /// <summary>One row per member of staff, from the allegation cases that recorded a low-level concern about them (none withheld under R8).</summary>
    public static StaffConcernPattern Pattern(Guid staffId, IEnumerable<CaseRecord> cases, RowContext context)
    {
        var entries = cases.OrderBy(r => r.ReportedAt).Select(r => new LowLevelConcernEntry(r.Id, r.ReportedAt, r.Status, Account(r))).ToList();
        return new StaffConcernPattern(context.Person(staffId), entries.Count, entries[0].ReceivedAt, entries[^1].ReceivedAt, entries);
    }

    /// <summary>Working days from the day a deadline fell due to <paramref name="now"/>'s day, both counted where they are working days.</summary>
    public static int WorkingDaysLate(DateTimeOffset due, DateTimeOffset now)
    {
        var late = 0;
        for (var day = WorkingDayCalendar.LocalDate(due); day <= WorkingDayCalendar.LocalDate(now); day = day.AddDays(1))
        {
            late += WorkingDayCalendar.EnglandAndWales.IsWorkingDay(day) ? 1 : 0;
        }
        return late;
    }

    /// <summary>The rule a deadline of this case keeps; null for the DSL's triage, the school's own deadline.</summary>
    public static string? RuleOf(CaseRecord record, string deadline) => deadline switch
    {
        DeadlineNames.HarmThresholdAssessment => "R5",
        DeadlineNames.LadoReferral => record.Case is AllegationCase { State.IndecentImages: true } ? "R6" : "R5",
        DeadlineNames.PoliceReferral => "R6",
        DeadlineNames.SocialCareAcknowledgement => "R15",
        DeadlineNames.PosterRemovalResponse => "R10",
        _ => null, // DSL triage is the school's own deadline, not one of the rules
    };

    private static Register<ReferralRow> Referrals(Agency agency, string name, string summary, IReadOnlySet<Role> readers, string? deadline) =>
        new(name, summary, readers, (record, context) =>
        {
            var referral = record.Case.File.Referrals[agency];
            var deadlines = record.Deadlines();
            var dueBy = deadlines.FirstOrDefault(d => d.Name == deadline)?.Due;
            var acknowledgement = agency == Agency.ChildrensSocialCare
                ? deadlines.FirstOrDefault(d => d.Name == DeadlineNames.SocialCareAcknowledgement)
                : null;
            return [new ReferralRow(record.Id, record.Kind, record.Status, agency, referral.MadeAt, dueBy, dueBy is { } due ? referral.MadeAt < due : null,
                referral.Acknowledged, acknowledgement?.Due, acknowledgement?.IsOverdue(context.Now) == true, context.People(record.People))];
        });

    private static string ReferralRegister(Agency agency) => agency switch
    {
        Agency.Lado => LadoReferrals,
        Agency.Police => PoliceReferrals,
        _ => SocialCareReferrals,
    };

    // Open, reported and not yet triaged by the DSL: the triage deadline is open, or a case was escalated to the DSL.
    private static bool AwaitsDsl(Case @case, IReadOnlyList<Deadline> deadlines) =>
        @case.File is { Closed: false, Triage: null } file
        && (file.EscalatedToDsl || deadlines.Any(d => d.Name == DeadlineNames.DslTriage));

    private static string Account(CaseRecord record) => record.ReportAs<AllegationReported>().Account;

    // Auditors read every register (DOMAIN.md: "read everything in the tenants named").
    private static HashSet<Role> Readers(params Role[] roles) => [.. roles, Role.Auditor];
}
