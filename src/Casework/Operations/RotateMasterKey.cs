using System.Text.Json;
using Casework.Cases;
using Casework.Http;
using JasperFx.CommandLine;
using Npgsql;

namespace Casework.Operations;

public sealed class RotateMasterKeyInput : NetCoreInput
{
    [Description("The file holding the new master key (32 random bytes, base64), which wraps every data key afterwards")]
    public string NewKeyFileFlag { get; set; } = "";

    [Description("How many data keys to re-wrap in each transaction")]
    public int BatchSizeFlag { get; set; } = MasterKeyRotation.DefaultBatchSize;
}

/// <summary>
/// <c>dotnet run --project src/Casework -- rotate-master-key --new-key-file PATH</c> (ADR 40): re-wraps every case's data
/// key under the new master key, as the schema's owner, in batches; the content is not re-encrypted. Run it once the
/// service is configured with the new key as Casework:MasterKeyFile and the old one in Casework:PreviousMasterKeyFiles,
/// so that every key opens whichever master key wraps it while it runs. Safe to stop and run again.
/// </summary>
[Description("Re-wrap every data key under a new master key without re-encrypting content (ADR 40)", Name = "rotate-master-key")]
public sealed class RotateMasterKeyCommand : JasperFxAsyncCommand<RotateMasterKeyInput>
{
    public override async Task<bool> Execute(RotateMasterKeyInput input)
    {
        if (string.IsNullOrWhiteSpace(input.NewKeyFileFlag))
        {
            throw new InvalidOperationException("rotate-master-key needs --new-key-file, the file holding the new master key.");
        }
        using var host = input.BuildHost();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var owner = configuration.GetConnectionString(Migration.OwnerConnectionStringName)
            ?? throw new InvalidOperationException(
                "rotate-master-key needs the schema owner's connection: set ConnectionStrings:CaseworkOwner (environment variable ConnectionStrings__CaseworkOwner).");
        var next = FileMasterKey.Load(input.NewKeyFileFlag, createIfMissing: false);
        // The keys it may find: the service's own (current and previous) and the new one, for a run resumed after the switch.
        var configured = host.Services.GetRequiredService<IMasterKey>();
        var rewrapped = await MasterKeyRotation.RunAsync(owner, configuration["Casework:Schema"] ?? StoreSetup.DefaultSchema,
            configured, next, Math.Max(1, input.BatchSizeFlag), CancellationToken.None);
        Console.WriteLine($"Re-wrapped {rewrapped} data keys under master key {next.Id}; none is wrapped by another.");
        return true;
    }
}

/// <summary>Re-wraps stored data keys under a new master key (ADR 40).</summary>
public static class MasterKeyRotation
{
    public const int DefaultBatchSize = 500;

    /// <summary>
    /// Re-wraps, batch by batch (one transaction each), every data key not wrapped by <paramref name="next"/>, unwrapping
    /// it with <paramref name="configured"/> (or <paramref name="next"/>); returns how many it re-wrapped. A row is only
    /// replaced while it still holds what was read, so an erasure that deleted it meanwhile stays deleted. A key wrapped by
    /// a master key neither knows stops the run with <see cref="UnknownMasterKey"/>, the rows already re-wrapped kept.
    /// </summary>
    public static async Task<int> RunAsync(string ownerConnectionString, string schema, IMasterKey configured, FileMasterKey next, int batchSize, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(ownerConnectionString);
        var table = $"{schema}.mt_doc_{StoreSetup.DataKeyTable}";
        var total = 0;
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var batch = new List<(string Tenant, DataKey Key, string Stored)>();
            await using (var select = new NpgsqlCommand(
                $"select tenant_id, data::text from {table} where data->>'masterKeyId' <> $1 order by tenant_id, id limit $2 for update",
                connection, transaction))
            {
                select.Parameters.Add(new NpgsqlParameter { Value = next.Id });
                select.Parameters.Add(new NpgsqlParameter { Value = batchSize });
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var stored = reader.GetString(1);
                    batch.Add((reader.GetString(0), JsonSerializer.Deserialize<DataKey>(stored, CaseworkJson.Stored)!, stored));
                }
            }
            if (batch.Count == 0)
            {
                return total;
            }
            foreach (var (tenant, key, _) in batch)
            {
                var dataKey = key.MasterKeyId == next.Id ? next.Unwrap(key.MasterKeyId, key.Wrapped) : configured.Unwrap(key.MasterKeyId, key.Wrapped);
                var rewrapped = key with { MasterKeyId = next.Id, Wrapped = next.Wrap(dataKey) };
                await using var update = new NpgsqlCommand(
                    $"update {table} set data = $1::jsonb, mt_last_modified = now() where tenant_id = $2 and id = $3 and data->>'masterKeyId' = $4",
                    connection, transaction);
                update.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(rewrapped, CaseworkJson.Stored) });
                update.Parameters.Add(new NpgsqlParameter { Value = tenant });
                update.Parameters.Add(new NpgsqlParameter { Value = key.Id });
                update.Parameters.Add(new NpgsqlParameter { Value = key.MasterKeyId });
                total += await update.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
    }
}
