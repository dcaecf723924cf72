using System.Text.Json.Serialization;
using Casework.Calendar;
using Casework.Cases;
using Casework.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Casework.SchoolPolicies;

/// <summary>
/// A change to the school's settings: proposed by one person, approved or rejected by another with the head's or the
/// chair's role, as governors approve the child protection policy (ADR 32). A proposal names the settings in full (or
/// comes from a policy pack) and the school day it takes effect from; an approved one is in force from that day (never back-dated), and
/// each case records it before its next action. A setting weaker than statutory guidance is refused (<see cref="SchoolSettings.Weaker"/>).
/// </summary>
public static class ChangeSchoolPolicy
{
    /// <summary>New settings in full, from which school day, and why.</summary>
    public sealed record ProposeRequest(SchoolSettings Settings, DateOnly EffectiveFrom, [TextLimit(TextLimits.Words)] string Reason)
    {
        public static ProposeRequest Example { get; } = new(PolicyPacks.Find("clarendon")!.Settings, new DateOnly(2027, 1, 4),
            "The governors adopted the Online Safety Policy reviewed in the autumn term.");
    }

    /// <summary>A policy pack's settings, proposed in one request: from which school day, and why.</summary>
    public sealed record ProposePackRequest(DateOnly EffectiveFrom, [TextLimit(TextLimits.Words)] string Reason)
    {
        public static ProposePackRequest Example { get; } = new(new DateOnly(2027, 1, 4), "The governors adopted the St Thomas' model policy.");
    }

    public sealed record ApproveRequest([TextLimit(TextLimits.Words)] string? Comment = null)
    {
        public static ApproveRequest Example { get; } = new("Approved by the full governing body on 9 December.");
    }

    public sealed record RejectRequest([TextLimit(TextLimits.Words)] string Reason)
    {
        public static RejectRequest Example { get; } = new("The governors have not yet reviewed the sharing-nudes section.");
    }

    /// <summary>One version as the school reads it: its settings, where they differ from the default, and who proposed and approved it.</summary>
    public sealed record VersionView(
        int Version, DateTimeOffset InForceFrom, SchoolSettings Settings, IReadOnlyList<PolicyDifference> Differences,
        Guid ProposedBy, Guid ApprovedBy, string Reason, string? Pack);

    public sealed record ProposalView(
        Guid ProposalId, SchoolSettings Settings, IReadOnlyList<PolicyDifference> Differences, DateOnly EffectiveFrom,
        string Reason, Guid ProposedBy, string? Pack, DateTimeOffset ProposedAt);

    /// <summary>The school's settings: in force now (null: the default), every version approved, and the proposals waiting.</summary>
    public sealed record SchoolPolicyView(VersionView? InForce, SchoolSettings Default, IReadOnlyList<VersionView> Versions, IReadOnlyList<ProposalView> Pending, long Version);

    /// <summary>S7: the categories a concern or a disclosure may be reported under in the school now.</summary>
    public sealed record ReportCategories(IReadOnlyList<Concerns.ConcernCategory> Categories);

    public static void MapSchoolPolicy(this IEndpointRouteBuilder app)
    {
        var policy = app.MapGroup("/api/school").WithTags("School settings")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        policy.MapGet("/policy", async (HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Reader(http);
                await using var session = cases.Session(caller);
                var events = await session.Events.FetchStreamAsync(SchoolPolicy.StreamId(caller.Tenant), token: ct);
                return TypedResults.Ok(View(SchoolPolicy.Fold(events), events.Count, cases.Now));
            })
            .WithName("read-school-policy")
            .WithSummary("The school's settings in force, every approved version and the proposals waiting (admin, DSL, headteacher, chair, auditor).")
            .Produces<SchoolPolicyView>();

        // Anyone who may report reads which categories a report may take, so a form offers those alone (S7).
        policy.MapGet("/categories", async (HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                await using var session = cases.Session(caller);
                var events = await session.Events.FetchStreamAsync(SchoolPolicy.StreamId(caller.Tenant), token: ct);
                return TypedResults.Ok(new ReportCategories(SchoolPolicy.Fold(events).SettingsAt(cases.Now).RecordedCategories));
            })
            .WithName("list-report-categories")
            .WithSummary("The categories the school records concerns and disclosures under, for anyone in the school who reports one.")
            .Produces<ReportCategories>();

        policy.MapGet("/policy/packs", (HttpContext http) =>
            {
                Reader(http);
                return TypedResults.Ok(PolicyPacks.All);
            })
            .WithName("list-policy-packs")
            .WithSummary("The policy packs a school can propose in one request: the five schools' policies as settings, with the clauses they come from.")
            .Produces<IReadOnlyList<PolicyPack>>();

        policy.MapPost("/policy/proposals", (ProposeRequest body, HttpContext http, CaseService cases, CancellationToken ct) =>
                ChangeAsync(http, cases, (state, actor, now) => Propose(state, actor, body.Settings, null, body.EffectiveFrom, body.Reason, now), ct))
            .WithName("propose-school-policy")
            .WithSummary("Propose new settings for the school, in full, from a school day, with the reason (admin, DSL, headteacher or chair).")
            .Produces<SchoolPolicyView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        policy.MapPost("/policy/packs/{pack}/propose", (string pack, ProposePackRequest body, HttpContext http, CaseService cases, CancellationToken ct) =>
                ChangeAsync(http, cases, (state, actor, now) => Propose(state, actor, null, pack, body.EffectiveFrom, body.Reason, now), ct))
            .WithName("propose-policy-pack")
            .WithSummary("Propose a policy pack's settings for the school in one request, from a school day, with the reason; approved like any change.")
            .Produces<SchoolPolicyView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        policy.MapPost("/policy/proposals/{proposalId:guid}/approve", (Guid proposalId, ApproveRequest body, HttpContext http, CaseService cases, CancellationToken ct) =>
                ChangeAsync(http, cases, (state, actor, now) => Approve(state, actor, proposalId, body.Comment, now), ct))
            .WithName("approve-school-policy")
            .WithSummary("Approve a proposed change: the headteacher or the chair of governors, never the person who proposed it.")
            .Produces<SchoolPolicyView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        policy.MapPost("/policy/proposals/{proposalId:guid}/reject", (Guid proposalId, RejectRequest body, HttpContext http, CaseService cases, CancellationToken ct) =>
                ChangeAsync(http, cases, (state, actor, _) => Reject(state, actor, proposalId, body.Reason), ct))
            .WithName("reject-school-policy")
            .WithSummary("Reject a proposed change, with the reason: the headteacher or the chair of governors.")
            .Produces<SchoolPolicyView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>
    /// S3: who proposes a change to the school's settings; S1, S2, R5, R15: what they may be; S5: from when. The settings in
    /// full, or (null) those of the policy pack named.
    /// </summary>
    public static IReadOnlyList<object> Propose(
        SchoolPolicy policy, Actor actor, SchoolSettings? settings, string? pack, DateOnly effectiveFrom, string reason, DateTimeOffset now)
    {
        if (!(actor.Has(Role.Admin) || actor.Has(Role.Dsl) || actor.Has(Role.Headteacher) || actor.Has(Role.ChairOfGovernors)))
        {
            throw new NotPermitted("S3", "Only an administrator, the DSL, the headteacher or the chair of governors proposes a change to the school's settings.");
        }
        settings ??= pack is null ? null : PolicyPacks.Find(pack)?.Settings ?? throw new CallerRefused(StatusCodes.Status404NotFound,
            $"There is no policy pack with this name; the packs: {string.Join(", ", PolicyPacks.All.Select(p => p.Id))}.", "pack");
        if (settings is null)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, "Give the settings in full.", "settings");
        }
        foreach (var (rule, field, message) in settings.Weaker())
        {
            throw rule == "S1" ? new CallerRefused(StatusCodes.Status400BadRequest, message, field) : new RuleViolation(rule, message);
        }
        Require.Rationale(reason, "A change to the school's settings");
        Require.That(effectiveFrom >= WorkingDayCalendar.LocalDate(now), "S5",
            "A change takes effect from today or a later school day, never an earlier one: the cases already decided keep the settings they were decided under.");
        return [new SchoolPolicyProposed(Guid.CreateVersion7(now), settings with { Closures = ValueList.From(settings.Closures.Distinct().Order()) },
            effectiveFrom, reason, actor.Id, pack)];
    }

    /// <summary>S4: approved by someone else, with the head's or the chair's role; in force from its school day, never before a version already approved.</summary>
    public static IReadOnlyList<object> Approve(SchoolPolicy policy, Actor actor, Guid proposalId, string? comment, DateTimeOffset now)
    {
        var proposal = Waiting(policy, actor, proposalId);
        var inForceFrom = SchoolPolicy.InForceFrom(proposal.EffectiveFrom, now);
        if (policy.Versions.LastOrDefault() is { } latest && inForceFrom < latest.InForceFrom)
        {
            throw new RuleViolation("S6", $"Version {latest.Version} is already approved from {latest.InForceFrom:yyyy-MM-dd HH:mm}Z; propose this change from that day or later.");
        }
        return [new SchoolPolicyApproved(proposalId, actor.Id, (policy.Versions.LastOrDefault()?.Version ?? 0) + 1, inForceFrom, comment)];
    }

    public static IReadOnlyList<object> Reject(SchoolPolicy policy, Actor actor, Guid proposalId, string reason)
    {
        Waiting(policy, actor, proposalId);
        Require.Rationale(reason, "Rejecting a change to the school's settings");
        return [new SchoolPolicyRejected(proposalId, actor.Id, reason)];
    }

    // The proposal waiting for a decision, once the actor is one who may decide on it (S4).
    private static PolicyProposal Waiting(SchoolPolicy policy, Actor actor, Guid proposalId)
    {
        // Who may decide comes first: someone who may not learns nothing of which proposals wait.
        if (!(actor.Has(Role.Headteacher) || actor.Has(Role.ChairOfGovernors)))
        {
            throw new NotPermitted("S4", "A change to the school's settings is approved or rejected by the headteacher or the chair of governors.");
        }
        var proposal = policy.Pending.Find(p => p.ProposalId == proposalId)
            ?? throw new CallerRefused(StatusCodes.Status404NotFound, "No proposal with this id is waiting for a decision.", "proposalId");
        if (proposal.ProposedBy == actor.Id)
        {
            throw new NotPermitted("S4", "A change is decided by someone other than the person who proposed it.");
        }
        return proposal;
    }

    private static Caller Reader(HttpContext http)
    {
        var caller = Caller.From(http);
        return caller.Actor.Has(Role.Admin) || caller.Actor.Has(Role.Dsl) || caller.Actor.Has(Role.Headteacher)
            || caller.Actor.Has(Role.ChairOfGovernors) || caller.Actor.Has(Role.Auditor)
            ? caller
            : throw new NotPermitted("S3", "The school's settings are read by the administrator, the DSL, the headteacher, the chair of governors and auditors.");
    }

    // One read of the stream, the decision, and an append that expects the version read: a change decided on settings
    // someone else has changed since is a 409, never applied over theirs.
    private static async Task<IResult> ChangeAsync(HttpContext http, CaseService cases, Func<SchoolPolicy, Actor, DateTimeOffset, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var caller = Caller.From(http);
        await using var session = cases.Session(caller);
        var id = SchoolPolicy.StreamId(caller.Tenant);
        var read = await session.Events.FetchStreamAsync(id, token: ct);
        var now = cases.Now;
        var before = SchoolPolicy.Fold(read);
        var events = decide(before, caller.Actor, now);
        if (read.Count == 0)
        {
            session.Events.StartStream<SchoolPolicy>(id, events);
        }
        else
        {
            session.Events.Append(id, read.Count + events.Count, events);
        }
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException
            or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new CallerRefused(StatusCodes.Status409Conflict, "The school's settings changed while this was decided: read them again.");
        }
        return TypedResults.Ok(View(events.Aggregate(before, (policy, e) => policy.Evolve(e, now)), read.Count + events.Count, now));
    }

    private static SchoolPolicyView View(SchoolPolicy policy, long version, DateTimeOffset now)
    {
        var versions = policy.Versions.Select(v => new VersionView(v.Version, v.InForceFrom, v.Settings, v.Settings.Differences(), v.ProposedBy, v.ApprovedBy, v.Reason, v.Pack)).ToList();
        var inForce = policy.InForceAt(now)?.Version;
        return new(versions.Find(v => v.Version == inForce), SchoolSettings.Default, versions,
            [.. policy.Pending.Select(p => new ProposalView(p.ProposalId, p.Settings, p.Settings.Differences(), p.EffectiveFrom, p.Reason, p.ProposedBy, p.Pack, p.ProposedAt))],
            version);
    }
}
