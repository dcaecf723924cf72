using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Casework.Auth;

/// <summary>A request for a development token, as the CLI's <c>token</c> command takes it.</summary>
public sealed record DevelopmentTokenRequest(
    Guid UserId, string Name, IReadOnlyList<string> Tenants, IReadOnlyList<string> Roles, TimeSpan Lifetime);

/// <summary>
/// The local development signing key and the tokens it signs. The service trusts this key only in the
/// Development environment (see <see cref="AuthenticationSetup"/>); only the CLI mints with it.
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "casework-dev";
    public const string Audience = "casework";
    public const string Kid = "casework-dev";

    /// <summary>The environment variable form of <c>Authentication:DevelopmentKeyFile</c>, which the CLI honours too.</summary>
    public const string KeyFileVariable = "Authentication__DevelopmentKeyFile";

    private const string SolutionFile = "Casework.sln";

    /// <summary>
    /// <c>.dev/jwt-signing-key.pem</c> in the repository (the nearest folder above the current directory, or above the
    /// application, holding Casework.sln). A configured path wins; a relative one is taken from the repository root.
    /// </summary>
    public static string ResolveKeyPath(string? configuredPath)
    {
        var root = FindRepositoryRoot(System.IO.Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory);
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return Path.GetFullPath(configuredPath, root ?? System.IO.Directory.GetCurrentDirectory());
        }

        return root is null
            ? throw new InvalidOperationException(
                $"No {SolutionFile} above the current directory: set Authentication:DevelopmentKeyFile to place the development signing key.")
            : Path.Combine(root, ".dev", "jwt-signing-key.pem");
    }

    /// <summary>Reads the P-256 key at <paramref name="path"/>, creating it (file mode 600) if it does not exist yet.</summary>
    public static ECDsa LoadOrCreateKey(string path)
    {
        if (!File.Exists(path))
        {
            Create(path);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            SigningKeys.FromECDsa(key, Kid); // refuses anything but P-256
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public static string Mint(ECDsa key, DevelopmentTokenRequest request, DateTimeOffset now)
    {
        var issuedAt = now.ToUnixTimeSeconds();
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg = SecurityAlgorithms.EcdsaSha256, typ = "JWT", kid = Kid });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = Issuer,
            aud = Audience,
            sub = request.UserId.ToString(),
            name = request.Name,
            tenants = request.Tenants,
            roles = request.Roles,
            iat = issuedAt,
            exp = issuedAt + (long)request.Lifetime.TotalSeconds,
        });

        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        var signature = key.SignData(
            Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static void Create(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with its mode, so the private key is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Written whole under a temporary name, then moved into place: a process that finds the file
        // (the service, the CLI, a test starting at the same moment) never reads half a key.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
            File.Delete(temporary);
        }
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
