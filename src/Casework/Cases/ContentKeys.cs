using System.Security.Cryptography;
using Casework.Auth;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace Casework.Cases;

/// <summary>
/// The master key that wraps every data key (ADR 28). A file in Development; a key vault implements the same two
/// calls (wrap and unwrap a 32-byte key) so that the master key never leaves it.
/// </summary>
public interface IMasterKey
{
    /// <summary>Which master key wraps new data keys, stored beside each wrapped key so that the master key can be rotated.</summary>
    string Id { get; }

    byte[] Wrap(byte[] dataKey);

    byte[] Unwrap(string masterKeyId, byte[] wrapped);
}

/// <summary>
/// A data key wrapped by a master key this service is not given (neither <c>Casework:MasterKeyFile</c> nor one of
/// <c>Casework:PreviousMasterKeyFiles</c>): the case's content cannot be opened until that key is configured again.
/// Names the master key's id only, never anything of the case.
/// </summary>
public sealed class UnknownMasterKey(string masterKeyId)
    : CryptographicException($"A data key is wrapped by master key {masterKeyId}, which is not configured (Casework:MasterKeyFile or Casework:PreviousMasterKeyFiles).")
{
    public string MasterKeyId { get; } = masterKeyId;
}

/// <summary>
/// The current master key, which wraps new data keys, and the previous ones still configured while
/// <c>rotate-master-key</c> re-wraps what they wrapped (ADR 40): each stored key is unwrapped by the master key it names.
/// </summary>
public sealed class MasterKeyRing(FileMasterKey current, IReadOnlyList<FileMasterKey> previous) : IMasterKey
{
    private readonly Dictionary<string, FileMasterKey> _byId = previous.Append(current).DistinctBy(k => k.Id).ToDictionary(k => k.Id);

    public string Id => current.Id;

    public byte[] Wrap(byte[] dataKey) => current.Wrap(dataKey);

    public byte[] Unwrap(string masterKeyId, byte[] wrapped) =>
        _byId.TryGetValue(masterKeyId, out var key) ? key.Unwrap(masterKeyId, wrapped) : throw new UnknownMasterKey(masterKeyId);

    /// <summary>As configured: <c>Casework:MasterKeyFile</c> (or <paramref name="current"/>) and every <c>Casework:PreviousMasterKeyFiles</c> entry.</summary>
    public static MasterKeyRing Configured(IConfiguration configuration, FileMasterKey current) => new(current,
        [.. configuration.GetSection("Casework:PreviousMasterKeyFiles").GetChildren()
            .Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(path => FileMasterKey.Load(path!, createIfMissing: false))]);
}

/// <summary>
/// One case's data key, wrapped by the master key (stored as data_key, one row per case, never updated by the service;
/// only <c>rotate-master-key</c>, as the schema's owner, re-wraps it under a new master key, ADR 40). Deleting
/// the row (and dropping it from every instance's cache) makes the case's sealed content unreadable for good.
/// </summary>
public sealed record DataKey(Guid Id, string MasterKeyId, byte[] Wrapped, DateTimeOffset CreatedAt);

/// <summary>
/// A master key of 32 random bytes in a file of its own (mode 600). In Development it is created at
/// <c>.dev/content-master-key</c> beside the development signing key; elsewhere <c>Casework:MasterKeyFile</c> must
/// name an existing file (a mounted secret), since a new master key would leave every stored data key unreadable.
/// </summary>
public sealed class FileMasterKey : IMasterKey
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public FileMasterKey(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new InvalidOperationException("The master key is 32 bytes.");
        }
        _key = key;
        Id = "file:" + Convert.ToHexStringLower(SHA256.HashData(key)[..8]);
    }

    public string Id { get; }

    public static FileMasterKey Load(string path, bool createIfMissing)
    {
        if (!File.Exists(path))
        {
            if (!createIfMissing)
            {
                throw new InvalidOperationException($"No master key at {path}: Casework:MasterKeyFile must name the file holding it.");
            }
            Create(path);
        }
        return new FileMasterKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    // Created whole or not at all: two services starting at once both read the key the first one wrote.
    private static void Create(string path)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    public byte[] Wrap(byte[] dataKey)
    {
        var wrapped = new byte[NonceSize + TagSize + dataKey.Length];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        using var gcm = new AesGcm(_key, TagSize);
        gcm.Encrypt(wrapped.AsSpan(0, NonceSize), dataKey, wrapped.AsSpan(NonceSize + TagSize), wrapped.AsSpan(NonceSize, TagSize));
        return wrapped;
    }

    public byte[] Unwrap(string masterKeyId, byte[] wrapped)
    {
        if (masterKeyId != Id)
        {
            throw new UnknownMasterKey(masterKeyId);
        }
        var dataKey = new byte[wrapped.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(_key, TagSize);
        gcm.Decrypt(wrapped.AsSpan(0, NonceSize), wrapped.AsSpan(NonceSize + TagSize), wrapped.AsSpan(NonceSize, TagSize), dataKey);
        return dataKey;
    }
}

/// <summary>
/// The data key of each case (ADR 28): made with its first sealed event and stored wrapped in data_key in the same
/// commit. Every read takes the stored row (with the case, or in one round trip for a page of cases), so a key deleted
/// by an erasure is gone on every instance at once (ADR 34); what is cached, for a few minutes, is only the unwrapped
/// key of a stored row, used while that same row is stored. A key is cached only once read back from the store, never
/// when made: a commit that fails leaves no key behind.
/// </summary>
public sealed class ContentKeys(IMasterKey master, TimeProvider clock, bool storePlain = false)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Development only (ADR 47): new cases are given no key and their content is stored plain, so that a benchmark can
    /// measure what sealing costs a create beside the same build without it. Any other environment refuses to start with it set.
    /// </summary>
    public const string StorePlainKey = "Casework:Development:StoreContentPlain";

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private sealed record Unwrapped(byte[] Wrapped, ContentCipher Cipher);

    /// <summary>
    /// The cipher of a case whose data key is stored (<paramref name="stored"/>), or a new key inserted into
    /// <paramref name="session"/>; none for an erased case (<paramref name="current"/>), which is given no new key:
    /// it would not open what the deleted one sealed (ADR 34).
    /// </summary>
    public ContentCipher ForAppend(IDocumentSession session, Guid caseId, DataKey? stored, CaseRecord? current)
    {
        if (stored is not null)
        {
            return Opened(session.TenantId, stored);
        }
        if (current?.Case.File.Erased == true)
        {
            return ContentCipher.Keyless(session.TenantId, caseId);
        }
        if (storePlain)
        {
            return ContentCipher.Plain(session.TenantId, caseId);
        }
        var dataKey = RandomNumberGenerator.GetBytes(32);
        // Inserted, never stored over: a second key for the same case would make the first one's content unreadable.
        session.Insert(new DataKey(caseId, master.Id, master.Wrap(dataKey), clock.GetUtcNow()));
        return new ContentCipher(dataKey, session.TenantId, caseId);
    }

    /// <summary>The cipher of one case, to open what it stores; a case stored before content was sealed, or erased, has no key.</summary>
    public async Task<ContentCipher> ForCaseAsync(IQuerySession session, Guid caseId, CancellationToken ct) =>
        (await ForCasesAsync(session, [caseId], ct))[caseId];

    /// <summary>The ciphers of many cases, their stored keys read in one round trip.</summary>
    public async Task<IReadOnlyDictionary<Guid, ContentCipher>> ForCasesAsync(IQuerySession session, IEnumerable<Guid> caseIds, CancellationToken ct)
    {
        var ids = caseIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new Dictionary<Guid, ContentCipher>();
        }
        var stored = (await session.LoadManyAsync<DataKey>(ct, ids)).ToDictionary(k => k.Id);
        return ids.ToDictionary(id => id, id => Of(session.TenantId, id, stored.GetValueOrDefault(id)));
    }

    /// <summary>The cipher of a case whose data key was read with it (null: stored before content was sealed, or erased, so it opens none).</summary>
    public ContentCipher Of(string tenant, Guid caseId, DataKey? stored) => stored is null ? ContentCipher.Keyless(tenant, caseId) : Opened(tenant, stored);

    /// <summary>Drops a case's unwrapped key from this instance's cache: the erasure that deletes the stored key calls it.</summary>
    public void Forget(string tenant, Guid caseId) => _cache.Remove((tenant, caseId));

    private ContentCipher Opened(string tenant, DataKey stored)
    {
        // The cached key serves only the row it was unwrapped from.
        if (_cache.TryGetValue((tenant, stored.Id), out Unwrapped? cached) && cached!.Wrapped.AsSpan().SequenceEqual(stored.Wrapped))
        {
            return cached.Cipher;
        }
        var cipher = new ContentCipher(master.Unwrap(stored.MasterKeyId, stored.Wrapped), tenant, stored.Id);
        _cache.Set((tenant, stored.Id), new Unwrapped(stored.Wrapped, cipher), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheFor });
        return cipher;
    }
}

public static class ContentKeysSetup
{
    public static WebApplicationBuilder AddCaseworkContentKeys(this WebApplicationBuilder builder)
    {
        var storePlain = StoresPlain(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<IMasterKey>(_ => MasterKeyRing.Configured(builder.Configuration, CurrentMasterKey(builder)));
        builder.Services.AddSingleton(services => new ContentKeys(services.GetRequiredService<IMasterKey>(), services.GetRequiredService<TimeProvider>(), storePlain));
        builder.Services.AddSingleton(_ => ErasureLog.Configured(builder.Configuration, builder.Environment));
        builder.Services.AddHostedService<MasterKeyCheck>();
        builder.Services.AddSingleton<ErasureReplay>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ErasureReplay>());
        return builder;
    }

    /// <summary>Whether new content is stored plain (<see cref="ContentKeys.StorePlainKey"/>, ADR 47): refused outside Development.</summary>
    public static bool StoresPlain(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!configuration.GetValue<bool>(ContentKeys.StorePlainKey))
        {
            return false;
        }
        return environment.IsDevelopment() ? true : throw new InvalidOperationException(
            $"{ContentKeys.StorePlainKey} is set in the {environment.EnvironmentName} environment. It stores new content unsealed and exists for benchmarks in Development only: remove it.");
    }

    private static FileMasterKey CurrentMasterKey(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Casework:MasterKeyFile"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return FileMasterKey.Load(configured, createIfMissing: builder.Environment.IsDevelopment());
        }
        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException("No master key: set Casework:MasterKeyFile to the file holding it (ADR 28).");
        }
        var beside = Path.GetDirectoryName(DevelopmentTokens.ResolveKeyPath(null))!;
        return FileMasterKey.Load(Path.Combine(beside, "content-master-key"), createIfMissing: true);
    }

    /// <summary>
    /// Reads the master key (and finds the erasure log, ADR 40) as the service starts: a service that cannot open any case
    /// refuses to start, naming the setting, rather than answer every case request with a 500. Commands (migrate, replay) start no hosted service.
    /// </summary>
    private sealed class MasterKeyCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<IMasterKey>();
            services.GetRequiredService<ErasureLog>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
