using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Casework.Auth;
using Casework.Http;
using Npgsql;

namespace Casework.Audit;

/// <summary>
/// A school's chain as it stood (ADR 33): the number of its last seal, that seal's chain hash (hex), and when it was
/// signed; <c>signature</c> is ECDSA P-256 with SHA-256, DER-encoded (base64), over the UTF-8 bytes of
/// <see cref="Payload"/>; <c>keyId</c> names the key (the first 8 bytes of the SHA-256 of its public key, hex).
/// </summary>
public sealed record SignedCheckpoint(string School, long SealNumber, string ChainHash, DateTimeOffset SignedAt, string KeyId, string Signature)
{
    /// <summary>What is signed: <c>casework-checkpoint/1|school|sealNumber|chainHash|signedAt</c>, the time as UTC with 7 decimals.</summary>
    public string Payload => Text(School, SealNumber, ChainHash, SignedAt);

    internal static string Text(string school, long sealNumber, string chainHash, DateTimeOffset signedAt) =>
        string.Create(CultureInfo.InvariantCulture,
            $"casework-checkpoint/1|{school}|{sealNumber}|{chainHash.ToLowerInvariant()}|{signedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}");
}

/// <summary>
/// The latest checkpoint of the caller's school and the public key that verifies it: its SubjectPublicKeyInfo, DER, in
/// base64 (one line; <c>base64 -d | openssl pkey -pubin -inform DER</c> makes it PEM).
/// </summary>
public sealed record CheckpointExport(SignedCheckpoint Checkpoint, string PublicKey);

/// <summary>
/// Signs checkpoints with the service's checkpoint key (ECDSA P-256): <c>Casework:CheckpointKeyFile</c>, a PEM private key
/// (a mounted secret, never in the database, so that a database superuser cannot sign a rewritten chain); in Development
/// made at <c>.dev/checkpoint-signing-key.pem</c> when missing.
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    public CheckpointSigner(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            throw new InvalidOperationException("The checkpoint key must be ECDSA P-256.");
        }
        _key = key;
        var publicKey = key.ExportSubjectPublicKeyInfo();
        PublicKey = Convert.ToBase64String(publicKey);
        KeyId = Convert.ToHexStringLower(SHA256.HashData(publicKey)[..8]);
    }

    /// <summary>The SubjectPublicKeyInfo, DER, base64.</summary>
    public string PublicKey { get; }

    public string KeyId { get; }

    public SignedCheckpoint Sign(string school, long sealNumber, byte[] chainHash, DateTimeOffset at)
    {
        var hash = Convert.ToHexStringLower(chainHash);
        var signature = _key.SignData(Encoding.UTF8.GetBytes(SignedCheckpoint.Text(school, sealNumber, hash, at)), HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);
        return new SignedCheckpoint(school, sealNumber, hash, at, KeyId, Convert.ToBase64String(signature));
    }

    /// <summary>Whether <paramref name="checkpoint"/> was signed by the key whose public half is <paramref name="publicKey"/> (base64 SubjectPublicKeyInfo): all an auditor needs.</summary>
    public static bool IsSignedBy(SignedCheckpoint checkpoint, string publicKey)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(checkpoint.Signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return key.VerifyData(Encoding.UTF8.GetBytes(checkpoint.Payload), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public void Dispose() => _key.Dispose();

    public static CheckpointSigner Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Casework:CheckpointKeyFile"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (!environment.IsDevelopment())
            {
                // Thrown when a checkpoint is first asked for, as a problem (503): the service runs, and verifies without one.
                throw new CallerRefused(StatusCodes.Status503ServiceUnavailable, "No checkpoint key is configured: set Casework:CheckpointKeyFile (ADR 33).");
            }
            configured = Path.Combine(Path.GetDirectoryName(DevelopmentTokens.ResolveKeyPath(null))!, "checkpoint-signing-key.pem");
        }
        else if (!File.Exists(configured))
        {
            throw new CallerRefused(StatusCodes.Status503ServiceUnavailable, "The checkpoint key file named by Casework:CheckpointKeyFile does not exist (ADR 33).");
        }
        return new CheckpointSigner(DevelopmentTokens.LoadOrCreateKey(configured));
    }
}

public static class Checkpoints
{
    /// <summary>The sealer, the checkpoint signer and the verifier, on every instance (<see cref="SealChain"/> lets one seal at a time).</summary>
    public static WebApplicationBuilder AddCaseworkSealing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SealChain>();
        builder.Services.AddSingleton<ChainVerifier>();
        builder.Services.AddSingleton(services => CheckpointSigner.Load(builder.Configuration, builder.Environment));
        builder.Services.AddHostedService<SealChainService>();
        return builder;
    }

    /// <summary>The school's last seal, signed now: sealing number 0 and the genesis hash before anything is sealed.</summary>
    public static async Task<SignedCheckpoint> LatestAsync(NpgsqlDataSource dataSource, string schema, CheckpointSigner signer, string school, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select seal_no, chain_hash from {schema}.{SealChain.Table} where tenant_id = $1 order by seal_no desc limit 1");
        command.Parameters.Add(new NpgsqlParameter { Value = school });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? signer.Sign(school, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), now)
            : signer.Sign(school, 0, ChainHash.Genesis, now);
    }

    public static void MapCheckpoint(this RouteGroupBuilder audit) =>
        audit.MapGet("/checkpoint", async Task<IResult> (HttpContext http, NpgsqlDataSource dataSource, Marten.IDocumentStore store, CheckpointSigner signer,
                TimeProvider clock, CancellationToken ct) =>
            {
                var caller = AuditRoutes.Auditor(http);
                var checkpoint = await LatestAsync(dataSource, store.Options.DatabaseSchemaName, signer, caller.Tenant, clock.GetUtcNow(), ct);
                return TypedResults.Ok(new CheckpointExport(checkpoint, signer.PublicKey));
            })
            .WithName("export-checkpoint")
            .WithSummary("The latest seal of your school's chain (its number and chain hash), signed now with the service's checkpoint key, and " +
                "that key's public half. Keep it: POST it to /api/audit/verify later, and a store rewritten and re-chained since fails it. " +
                "Anyone can check the signature with the public key alone. Auditors only.")
            .Produces<CheckpointExport>();
}
