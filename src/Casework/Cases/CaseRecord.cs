using System.Text.Json;
using Casework.Calendar;
using Casework.Http;
using Casework.Operations;
using Casework.Registers;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Marten.Schema;

namespace Casework.Cases;

/// <summary>
/// One case as stored beside its stream: the folded state every command decides on, the report as it was
/// made, and the case register's columns. Written inline, in the transaction of each append, so a command
/// loads one document instead of replaying the stream, and the register can never lag behind the events.
/// The register columns are computed from the state when the document is written; who may see the case is
/// asked of the kind's own Visibility, once per role: the roles that see it in full, and the roles that
/// exclude an actor whatever else they hold (R4: a headteacher when the chair manages). Identity rules
/// travel as ids: the subject, the reporter.
/// </summary>
public sealed record CaseRecord(Guid Id, long Version, Case Case, JsonElement Report)
{
    // The state; setting it (a fold's `with`) drops the columns worked out from the previous state.
    public Case Case
    {
        get;
        init
        {
            field = value;
            _computed = null;
        }
    } = Case;

    // The register columns are worked out at most once per state: Marten reads each of them twice on a write (the
    // JSON and the duplicated column), and a fold over many events needs them only for the state it ends at.
    private Computed? _computed;

    private Computed Columns => _computed ??= new Computed(Case);

    public string Kind => Case.Kind.Name();

    public string Status => Case.File.Closed ? "closed" : "open";

    // Columns of the document's table are UTC: Npgsql refuses a timestamptz with any other offset, and deadlines
    // fall at London midnights (+01:00 in summer).
    public DateTimeOffset ReportedAt => Case.File.ReportedAt.ToUniversalTime();

    public Guid ReportedBy => Case.File.ReportedBy;

    public string ManagedBy => Case.Parties.ManagedBy;

    public Guid[] Pupils => Columns.Pupils;

    public string[] FullRoles => Columns.FullRoles;

    public string[] ExcludingRoles => Columns.ExcludingRoles;

    public Guid? ExcludedUser => Case.Parties.Subject;

    /// <summary>Who has an open action on the case (Sight: they see that action).</summary>
    public Guid[] Assignees => [.. Case.File.OpenActions.Select(a => a.AssigneeId).Distinct()];

    /// <summary>R8: the details are withheld from every reader (<see cref="Sight"/>).</summary>
    public bool Withheld => Columns.Withheld;

    public DateTimeOffset? NextDeadline => Columns.NextDeadline;

    /// <summary>The registers that list this case (CaseRegisters.Tags).</summary>
    public string[] Registers => Columns.Registers;

    /// <summary>The case's deadlines, each counted by the school's settings in force when its clock started (ADR 32).</summary>
    public IReadOnlyList<Deadline> Deadlines() => Columns.Deadlines;

    // Two records are equal when their state is, as before the columns were kept: the cache plays no part.
    public bool Equals(CaseRecord? other) =>
        other is not null && Id == other.Id && Version == other.Version && Case.Equals(other.Case) && Report.Equals(other.Report);

    public override int GetHashCode() => HashCode.Combine(Id, Version, Case);

    /// <summary>The report that opened the case, as its event.</summary>
    public T ReportAs<T>() => Report.Deserialize<T>(CaseworkJson.Stored)!;

    /// <summary>
    /// The ids of the people the case names: what a decision on it needs from the directory, loaded with the case
    /// in the same round trip (<see cref="CaseEndpoints.ActAsync"/>).
    /// </summary>
    public Guid[] People => Columns.People;

    /// <summary>The record after one more event of its stream; null while no event has opened a case.</summary>
    public static CaseRecord? Fold(CaseRecord? record, Guid id, long version, object @event) => record switch
    {
        null => Case.Open(@event) is { } opened
            ? new CaseRecord(id, version, opened, JsonSerializer.SerializeToElement(@event, @event.GetType(), CaseworkJson.Stored))
            : null,
        _ => record with { Version = version, Case = record.Case.Evolve(@event) },
    };

    /// <summary>The record after events appended at the versions following <paramref name="version"/> (0: a new stream).</summary>
    public static CaseRecord? Append(CaseRecord? record, Guid id, long version, IEnumerable<object> events) =>
        events.Select((e, i) => (e, i)).Aggregate(record, (r, x) => Fold(r, id, version + x.i + 1, x.e));

    /// <summary>The record its stream's events make, in version order (as read for a past instant); null when they open no case.</summary>
    public static CaseRecord? Of(Guid id, IEnumerable<IEvent> events) =>
        events.Aggregate((CaseRecord?)null, (r, e) => Fold(r, id, e.Version, e.Data));

    /// <summary>Marten calls this as it maps the document: its table's columns and indexes (<see cref="StoreSetup.CaseRegisterTable"/>).</summary>
    public static void ConfigureMarten(DocumentMapping<CaseRecord> mapping) => StoreSetup.CaseRegisterTable(mapping);

    // A stranger holding only these roles: identity plays no part in the answer.
    private static readonly Guid Stranger = Guid.Parse("ffffffff-ffff-4fff-bfff-ffffffffffff");

    private static Actor Probe(params Role[] roles) => new(Stranger, roles.ToHashSet());

    private static string[] Roles(Func<Role, bool> holds) => [.. Enum.GetValues<Role>().Where(holds).Select(RoleNames.Name)];

    /// <summary>The register columns of one state of the case; who may see it is asked of the kind's own Visibility, once per role.</summary>
    private sealed class Computed
    {
        public Computed(Case @case)
        {
            Pupils = [.. @case.Parties.Pupils];
            People = [.. Pupils.Concat(new[] { @case.Parties.Subject, @case.Parties.Parent, @case.StaffVictim }.OfType<Guid>()).Distinct()];
            FullRoles = Roles(role => @case.Visibility(Probe(role)) == CaseVisibility.Full);
            ExcludingRoles = Roles(role => @case.Visibility(Probe(role, Role.Auditor)) == CaseVisibility.None);
            Withheld = @case.DetailsWithheld;
            Deadlines = [.. @case.Deadlines().Select(d => @case.File.MissOf(d) is { } miss ? d with { EscalatedTo = miss.EscalatedTo } : d)];
            NextDeadline = Deadlines.Where(d => !d.Satisfied).Select(d => (DateTimeOffset?)d.Due.ToUniversalTime()).Min();
            Registers = CaseRegisters.Tags(@case, Deadlines);
        }

        public Guid[] Pupils { get; }

        public Guid[] People { get; }

        public string[] FullRoles { get; }

        public string[] ExcludingRoles { get; }

        public bool Withheld { get; }

        public IReadOnlyList<Deadline> Deadlines { get; }

        public DateTimeOffset? NextDeadline { get; }

        public string[] Registers { get; }
    }
}

/// <summary>The case document of each case stream, inline: it commits with the events.</summary>
public sealed partial class CaseRecordProjection : SingleStreamProjection<CaseRecord, Guid>
{
    // A rebuild (the auditor's replay) reads the events in pages of this many: 5,000 rather than Marten's 500 halved
    // the rebuild of a 10,000-event store here (docs/benchmarks.md). Inline appends are not paged. It declares the
    // case events, so Marten applies it to case streams only: without a declaration an Evolve override takes every
    // stream, and each directory change would load a case document by the person's id.
    public CaseRecordProjection()
    {
        Options.BatchSize = 5_000;
        foreach (var (_, type) in EventCatalog.Cases)
        {
            IncludeType(type);
        }
    }

    public override CaseRecord? Evolve(CaseRecord? snapshot, Guid id, IEvent e) => CaseRecord.Fold(snapshot, id, e.Version, e.Data);
}
