using System.Diagnostics;

namespace Casework;

/// <summary>
/// The PostgreSQL cluster the integration tests and the benchmark use: ConnectionStrings__Casework, or the
/// local cluster that scripts/db.sh starts. One source file, compiled into both projects.
/// </summary>
internal static class LocalServer
{
    public static string ConnectionString()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Casework");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Casework.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Set ConnectionStrings__Casework: the repository root was not found.");
        }
        using var start = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "db.sh"), "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = start.StandardError.ReadToEndAsync();
        var output = start.StandardOutput.ReadToEnd().Trim();
        start.WaitForExit();
        return start.ExitCode == 0 ? output : throw new InvalidOperationException("scripts/db.sh start failed: " + error.Result);
    }
}
