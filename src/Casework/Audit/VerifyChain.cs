using System.Text.Json;
using Casework.Cases;
using Casework.Http;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Casework.Audit;

/// <summary>
/// One thing wrong with a school's chain (ADR 33), in seal order, so the first <c>altered-entry</c> is the first entry
/// whose bytes no longer match. <c>problem</c>: <c>altered-entry</c> (its bytes differ from what was sealed),
/// <c>missing-entry</c> (sealed, then deleted), <c>unsealed</c> (stored longer than the threshold without a seal),
/// <c>altered-seal</c> (a seal that does not chain to the one before it), <c>missing-seal</c> (seal numbers absent),
/// <c>checkpoint-signature</c>, <c>checkpoint-differs</c> (the chain at the checkpoint's seal is not the one signed) or
/// <c>checkpoint-beyond-chain</c> (seals the checkpoint counted are gone). <c>entry</c>: <c>event</c>, <c>access</c>,
/// <c>seal</c> or <c>checkpoint</c>. An event of a case the reader may not see is named by its seal alone.
/// Ids and numbers only, never what an entry says.
/// </summary>
public sealed record ChainFinding(string Problem, string Entry, long? SealNumber, long? Sequence, Guid? Case, Guid? AccessRead);

/// <summary>
/// What verifying a school's chain found: how many seals and entries it checked, the store's skipped sequence numbers
/// (reserved by appends that rolled back: not losses), whether the checkpoint given (if any) holds, and every finding
/// (counted; the first <see cref="ChainVerifier.MostFindings"/> listed). <c>intact</c> when there is none.
/// </summary>
public sealed record VerifyReport(string School, DateTimeOffset VerifiedAt, bool Intact, long Seals, long EventsChecked, long AccessReadsChecked,
    long SkippedSequences, int UnsealedAfterMinutes, bool? CheckpointHolds, long FindingCount, IReadOnlyList<ChainFinding> Findings);

/// <summary>A checkpoint exported earlier (<c>GET /api/audit/checkpoint</c>) to verify the chain against, and how old an unsealed entry may be.</summary>
public sealed record VerifyRequest(SignedCheckpoint? Checkpoint = null, int? UnsealedAfterMinutes = null)
{
    /// <summary>A checkpoint as <c>GET /api/audit/checkpoint</c> exports it (this one's signature is no key's).</summary>
    public static VerifyRequest Example { get; } = new(new SignedCheckpoint("clarendon", 1042,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero),
        "5a1c2e3f4b6d7a8c", "MEUCIQDv3kq0Xw1oQqvG5Kf0e9c2bq3HhYp2m6o2zQ7rZ1h6ZwIgX3nq8m2QwFqzK0t7o1b9pYk6u4sVd1c8rN0xw2g3kE4="), ChainVerifier.DefaultUnsealedAfterMinutes);
}

/// <summary>
/// Recomputes a school's chain from the stored entries (ADR 33): each entry's hash against its seal, each seal's link to
/// the one before, the entries left unsealed, and the chain at an exported checkpoint. Reads as whoever runs it; writes nothing.
/// </summary>
public sealed class ChainVerifier(IDocumentStore store, NpgsqlDataSource dataSource, IServiceProvider services, TimeProvider clock)
{
    public const int MostFindings = 100;
    public const int DefaultUnsealedAfterMinutes = 5;

    private readonly string _schema = store.Options.DatabaseSchemaName;

    /// <summary>Every school with an entry or a seal.</summary>
    public async Task<IReadOnlyList<string>> SchoolsAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            select tenant_id from {_schema}.{SealChain.Table} union select tenant_id from {_schema}.mt_events
            union select tenant_id from {_schema}.mt_doc_{AccessLog.Table} order by 1
            """);
        var schools = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            schools.Add(reader.GetString(0));
        }
        return schools;
    }

    /// <summary>
    /// Verifies <paramref name="school"/>'s chain. Findings about the events of a case in <paramref name="hidden"/> keep their
    /// seal number and nothing that names the case (<see cref="Sight"/>).
    /// </summary>
    public async Task<VerifyReport> VerifyAsync(string school, SignedCheckpoint? checkpoint, int unsealedAfterMinutes, IReadOnlySet<Guid> hidden,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var findings = new Findings(hidden);
        long seals = 0, events = 0, reads = 0;
        bool? checkpointHolds = null;
        byte[]? chainAtCheckpoint = null;
        // The checkpoint key is needed only to check a checkpoint: verifying without one works where no key is configured.
        if (checkpoint is not null && !CheckpointSigner.IsSignedBy(checkpoint, services.GetRequiredService<CheckpointSigner>().PublicKey))
        {
            checkpointHolds = false;
            findings.Add(new ChainFinding("checkpoint-signature", "checkpoint", checkpoint.SealNumber, null, null, null));
            checkpoint = null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for every read, so that seals added while verifying are not half seen.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using (var walk = new NpgsqlCommand($"""
            select s.seal_no, s.kind, s.event_seq, s.stream_id, s.access_id, s.entry_hash, s.chain_hash,
                   case when s.kind = '{SealChain.EventKind}' then case when e.seq_id is null then null else {SealChain.EventFields("e")} end
                        else case when a.id is null then null else {SealChain.AccessFields("a")} end end
            from {_schema}.{SealChain.Table} s
            left join {_schema}.mt_events e on s.kind = '{SealChain.EventKind}' and e.seq_id = s.event_seq
            left join {_schema}.mt_doc_{AccessLog.Table} a on s.kind = '{SealChain.AccessKind}' and a.tenant_id = s.tenant_id and a.id = s.access_id
            where s.tenant_id = $1 order by s.seal_no
            """, connection, transaction))
        {
            walk.Parameters.Add(new NpgsqlParameter { Value = school });
            await using var reader = await walk.ExecuteReaderAsync(ct);
            var previous = ChainHash.Genesis;
            long expected = 1;
            while (await reader.ReadAsync(ct))
            {
                seals++;
                var number = reader.GetInt64(0);
                var kind = reader.GetString(1);
                long? sequence = reader.IsDBNull(2) ? null : reader.GetInt64(2);
                Guid? stream = reader.IsDBNull(3) ? null : reader.GetGuid(3);
                Guid? accessId = reader.IsDBNull(4) ? null : reader.GetGuid(4);
                var entryHash = reader.GetFieldValue<byte[]>(5);
                var chain = reader.GetFieldValue<byte[]>(6);
                if (number != expected)
                {
                    findings.Add(new ChainFinding("missing-seal", "seal", expected, null, null, null));
                }
                if (!ChainHash.Link(previous, number, entryHash).AsSpan().SequenceEqual(chain))
                {
                    findings.Add(new ChainFinding("altered-seal", "seal", number, null, null, null));
                }
                if (reader.IsDBNull(7))
                {
                    findings.Add(new ChainFinding("missing-entry", kind, number, sequence, stream, accessId));
                }
                else
                {
                    if (kind == SealChain.EventKind) events++; else reads++;
                    if (!ChainHash.Entry(kind, reader.GetFieldValue<string?[]>(7)).AsSpan().SequenceEqual(entryHash))
                    {
                        findings.Add(new ChainFinding("altered-entry", kind, number, sequence, stream, accessId));
                    }
                }
                if (checkpoint is not null && number == checkpoint.SealNumber)
                {
                    chainAtCheckpoint = chain;
                }
                previous = chain;
                expected = number + 1;
            }
        }

        if (checkpoint is not null)
        {
            if (checkpoint.SealNumber == 0)
            {
                chainAtCheckpoint = ChainHash.Genesis;
            }
            checkpointHolds = chainAtCheckpoint is not null && Convert.ToHexStringLower(chainAtCheckpoint) == checkpoint.ChainHash.ToLowerInvariant();
            if (chainAtCheckpoint is null)
            {
                findings.Add(new ChainFinding("checkpoint-beyond-chain", "checkpoint", checkpoint.SealNumber, null, null, null));
            }
            else if (checkpointHolds == false)
            {
                findings.Add(new ChainFinding("checkpoint-differs", "checkpoint", checkpoint.SealNumber, null, null, null));
            }
        }

        var before = now - TimeSpan.FromMinutes(unsealedAfterMinutes);
        await using (var unsealed = new NpgsqlCommand($"""
            select e.seq_id, e.stream_id, null::uuid from {_schema}.mt_events e
            where e.tenant_id = $1 and e.timestamp < $2 and not exists (select 1 from {_schema}.{SealChain.Table} s where s.event_seq = e.seq_id)
            union all
            select null, null, a.id from {_schema}.mt_doc_{AccessLog.Table} a
            where a.tenant_id = $1 and a.read_at < $2 and not exists (select 1 from {_schema}.{SealChain.Table} s where s.tenant_id = a.tenant_id and s.access_id = a.id)
            """, connection, transaction))
        {
            unsealed.Parameters.Add(new NpgsqlParameter { Value = school });
            unsealed.Parameters.Add(new NpgsqlParameter { Value = before });
            await using var reader = await unsealed.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                findings.Add(reader.IsDBNull(0)
                    ? new ChainFinding("unsealed", "access", null, null, null, reader.GetGuid(2))
                    : new ChainFinding("unsealed", "event", null, reader.GetInt64(0), reader.GetGuid(1), null));
            }
        }

        // The store's sequence numbers up to the last sealed event that name no event and no seal: reserved by an append that
        // rolled back (Marten's skipped sequences), never committed, so never sealed; a number that a seal names is a loss, above.
        await using (var skipped = new NpgsqlCommand($"""
            with sealed as (select coalesce(max(event_seq), 0) as top from {_schema}.{SealChain.Table})
            select sealed.top
                   - (select count(*) from {_schema}.mt_events e where e.seq_id <= sealed.top)
                   - (select count(*) from {_schema}.{SealChain.Table} s where s.event_seq is not null
                        and not exists (select 1 from {_schema}.mt_events e where e.seq_id = s.event_seq))
            from sealed
            """, connection, transaction))
        {
            var gaps = (long)(await skipped.ExecuteScalarAsync(ct))!;
            await transaction.CommitAsync(ct);
            return new VerifyReport(school, now, findings.Count == 0, seals, events, reads, Math.Max(0, gaps), unsealedAfterMinutes, checkpointHolds,
                findings.Count, findings.Listed);
        }
    }

    private sealed class Findings(IReadOnlySet<Guid> hidden)
    {
        public List<ChainFinding> Listed { get; } = [];

        public long Count { get; private set; }

        public void Add(ChainFinding finding)
        {
            Count++;
            if (Listed.Count < MostFindings)
            {
                Listed.Add(finding.Case is { } id && hidden.Contains(id) ? finding with { Sequence = null, Case = null } : finding);
            }
        }
    }
}

public static class VerifyChainRoutes
{
    public static void MapVerifyChain(this RouteGroupBuilder audit)
    {
        audit.MapGet("/verify", (HttpContext http, ChainVerifier verifier, IDocumentStore store, CancellationToken ct, int? unsealedAfterMinutes) =>
                VerifyAsync(http, verifier, store, new VerifyRequest(null, unsealedAfterMinutes), ct))
            .WithName("verify-chain")
            .WithSummary("Recompute your school's sealed chain and report the first entry whose stored bytes no longer match its seal, " +
                "entries sealed and since deleted, entries unsealed for longer than unsealedAfterMinutes (5 by default), and seals that no " +
                "longer chain. Skipped sequence numbers (appends that rolled back) are counted, not reported as losses. Auditors only; an event " +
                "of a case hidden from you is named by its seal number alone.")
            .Produces<VerifyReport>();
        audit.MapPost("/verify", ([FromBody] VerifyRequest body, HttpContext http, ChainVerifier verifier, IDocumentStore store, CancellationToken ct) =>
                VerifyAsync(http, verifier, store, body, ct))
            .WithName("verify-chain-against-checkpoint")
            .WithSummary("As GET /api/audit/verify, and also against a checkpoint exported earlier (GET /api/audit/checkpoint): its signature " +
                "must be the service's, and the chain at its seal number must be the one it signed, so a store rewritten and re-chained since " +
                "fails it (checkpointHolds false). Auditors only.")
            .Produces<VerifyReport>();
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, ChainVerifier verifier, IDocumentStore store, VerifyRequest request, CancellationToken ct)
    {
        var caller = AuditRoutes.Auditor(http);
        var minutes = request.UnsealedAfterMinutes ?? ChainVerifier.DefaultUnsealedAfterMinutes;
        if (minutes is < 1 or > 10_080)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, "unsealedAfterMinutes must be between 1 and 10080 (a week).", "unsealedAfterMinutes");
        }
        if (request.Checkpoint is { } checkpoint)
        {
            if (checkpoint.School != caller.Tenant)
            {
                throw new CallerRefused(StatusCodes.Status400BadRequest, "The checkpoint is another school's.", "checkpoint.school");
            }
            if (checkpoint.SealNumber < 0)
            {
                throw new CallerRefused(StatusCodes.Status400BadRequest, "sealNumber must not be negative.", "checkpoint.sealNumber");
            }
        }
        // The one sight rule: a case the auditor is excluded from (its subject, say) is not named in what they are shown.
        await using var session = store.QuerySession(caller.Tenant);
        var hidden = (await CaseQueries.ExcludedAsync(session, caller, ct)).ToHashSet();
        return TypedResults.Ok(await verifier.VerifyAsync(caller.Tenant, request.Checkpoint, minutes, hidden, ct));
    }
}

public sealed class VerifyInput : NetCoreInput
{
    [Description("A checkpoint exported earlier (the JSON of GET /api/audit/checkpoint, or its checkpoint): verify its school against it")]
    public string? CheckpointFlag { get; set; }

    [Description("Report entries left unsealed for longer than this many minutes")]
    public int UnsealedAfterMinutesFlag { get; set; } = ChainVerifier.DefaultUnsealedAfterMinutes;
}

/// <summary>
/// <c>dotnet run --project src/Casework -- verify</c>: <see cref="ChainVerifier"/> over every school (or the checkpoint's
/// school against it), printed as JSON; exit code 0 when every chain is intact, 1 otherwise.
/// </summary>
[Description("Recompute every school's sealed chain and report altered, missing and unsealed entries and altered seals (ADR 33)", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        var verifier = host.Services.GetRequiredService<ChainVerifier>();
        SignedCheckpoint? checkpoint = null;
        if (input.CheckpointFlag is { } path)
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var element = json.RootElement.TryGetProperty("checkpoint", out var inner) ? inner : json.RootElement;
            checkpoint = element.Deserialize<SignedCheckpoint>(CaseworkJson.Options)
                ?? throw new InvalidOperationException($"{path} holds no checkpoint.");
        }
        var schools = checkpoint is null ? await verifier.SchoolsAsync(CancellationToken.None) : [checkpoint.School];
        var reports = new List<VerifyReport>();
        foreach (var school in schools)
        {
            reports.Add(await verifier.VerifyAsync(school, checkpoint, Math.Max(1, input.UnsealedAfterMinutesFlag), new HashSet<Guid>(), CancellationToken.None));
        }
        Console.WriteLine(JsonSerializer.Serialize(reports, new JsonSerializerOptions(CaseworkJson.Options) { WriteIndented = true }));
        return reports.All(r => r.Intact);
    }
}
