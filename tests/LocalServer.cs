using System.Diagnostics;

namespace Casework;

/// <summary>
/// The PostgreSQL cluster the integration tests and the browser tests use, as two roles (ADR 15): the service's,
/// ConnectionStrings__Casework, and the schema owner's, ConnectionStrings__CaseworkOwner, which migrates each
/// test schema; when unset, those of the local cluster that scripts/db.sh starts. One source file, compiled into both projects.
/// </summary>
internal static class LocalServer
{
    /// <summary>The service's role: what the service under test connects as.</summary>
    public static string ConnectionString() => Configured("ConnectionStrings__Casework") ?? DbSh("start");

    /// <summary>The schema owner's: migrations, dropping a test's schema, and reading or tampering behind the service's back.</summary>
    public static string OwnerConnectionString() => Configured("ConnectionStrings__CaseworkOwner") ?? DbSh("owner");

    private static string? Configured(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { } configured && !string.IsNullOrWhiteSpace(configured) ? configured : null;

    /// <summary>The checkout the tests run from, found above the test assembly (it holds scripts/).</summary>
    public static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Casework.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException(
                "Set ConnectionStrings__Casework and ConnectionStrings__CaseworkOwner: the repository root was not found.");
        }
        return root;
    }

    private static string DbSh(string command)
    {
        using var start = Process.Start(new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "db.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = start.StandardError.ReadToEndAsync();
        var output = start.StandardOutput.ReadToEnd().Trim();
        start.WaitForExit();
        return start.ExitCode == 0 ? output : throw new InvalidOperationException($"scripts/db.sh {command} failed: " + error.Result);
    }
}
