using System.Collections.Immutable;
using Casework.Calendar;
using Casework.Cases;
using JasperFx.Events;

namespace Casework.SchoolPolicies;

/// <summary>
/// A change to the school's settings, proposed: the settings in full as they would be, from which school day, why, and
/// the policy pack they came from (if any). <paramref name="ProposedBy"/> is in the event because approval needs another person.
/// </summary>
public sealed record SchoolPolicyProposed(Guid ProposalId, SchoolSettings Settings, DateOnly EffectiveFrom, string Reason, Guid ProposedBy, string? Pack);

/// <summary>
/// A proposal approved by someone else with the head's or the chair's role: it becomes <paramref name="Version"/>, in force
/// from <paramref name="InForceFrom"/> (the start of its school day, or the approval if that is later: never back-dated).
/// </summary>
public sealed record SchoolPolicyApproved(Guid ProposalId, Guid ApprovedBy, int Version, DateTimeOffset InForceFrom, string? Comment);

public sealed record SchoolPolicyRejected(Guid ProposalId, Guid RejectedBy, string Reason);

/// <summary>One approved version of the school's settings, with who proposed and approved it, and why.</summary>
public sealed record PolicyVersion(
    int Version, DateTimeOffset InForceFrom, SchoolSettings Settings, Guid ProposalId, Guid ProposedBy, Guid ApprovedBy, string Reason, string? Pack);

/// <summary>A change proposed and not yet decided.</summary>
public sealed record PolicyProposal(Guid ProposalId, SchoolSettings Settings, DateOnly EffectiveFrom, string Reason, Guid ProposedBy, string? Pack, DateTimeOffset ProposedAt);

/// <summary>
/// A school's settings over time (ADR 32): one stream per school, folded when read. A school
/// changes its policy a few times a year, so its stream stays short and is read with the case in the same round trip;
/// no document is stored for it, so nothing derived can disagree with its events.
/// </summary>
public sealed record SchoolPolicy(ImmutableList<PolicyVersion> Versions, ImmutableList<PolicyProposal> Pending)
{
    public static SchoolPolicy None { get; } = new([], []);

    /// <summary>The stream of the school's settings: one per tenant, its id derived from the tenant's.</summary>
    public static Guid StreamId(string tenant) => CaseService.DerivedId($"{tenant}|school-policy");

    /// <summary>The version in force at <paramref name="instant"/>; null while the default applies.</summary>
    public PolicyVersion? InForceAt(DateTimeOffset instant) => Versions.LastOrDefault(v => v.InForceFrom <= instant);

    public SchoolSettings SettingsAt(DateTimeOffset instant) => InForceAt(instant)?.Settings ?? SchoolSettings.Default;

    /// <summary>
    /// What a case must record of this policy (<see cref="SchoolPolicyApplied"/>) so that its deadlines are counted by the
    /// settings in force when each clock started: every version in force by <paramref name="now"/> it does not yet hold
    /// (newer than <paramref name="held"/>), less those superseded before <paramref name="since"/>, when the case's earliest
    /// clock started (the school was told of it).
    /// </summary>
    public IReadOnlyList<SchoolPolicyApplied> ToApply(int held, DateTimeOffset since, DateTimeOffset now)
    {
        var inForce = Versions.Where(v => v.InForceFrom <= now).ToList();
        return [.. inForce
            .Where((v, i) => v.Version > held && (i + 1 == inForce.Count || inForce[i + 1].InForceFrom > since))
            .Select(v => new SchoolPolicyApplied(v.Version, v.InForceFrom, v.Settings))];
    }

    public static SchoolPolicy Fold(IEnumerable<IEvent> events) =>
        events.Aggregate(None, (policy, e) => policy.Evolve(e.Data, e.Timestamp));

    public SchoolPolicy Evolve(object @event, DateTimeOffset recordedAt) => @event switch
    {
        SchoolPolicyProposed e => this with { Pending = Pending.Add(new(e.ProposalId, e.Settings, e.EffectiveFrom, e.Reason, e.ProposedBy, e.Pack, recordedAt)) },
        SchoolPolicyApproved e when Pending.Find(p => p.ProposalId == e.ProposalId) is { } p => new(
            Versions.Add(new(e.Version, e.InForceFrom, p.Settings, p.ProposalId, p.ProposedBy, e.ApprovedBy, p.Reason, p.Pack)),
            Pending.Remove(p)),
        SchoolPolicyRejected e => this with { Pending = Pending.RemoveAll(p => p.ProposalId == e.ProposalId) },
        _ => this,
    };

    /// <summary>When an approved proposal comes into force: the start of its school day in London, never before the approval.</summary>
    public static DateTimeOffset InForceFrom(DateOnly effectiveFrom, DateTimeOffset approvedAt)
    {
        var start = WorkingDayCalendar.StartOf(effectiveFrom);
        return start > approvedAt ? start : approvedAt;
    }
}
