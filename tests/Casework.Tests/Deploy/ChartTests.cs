using System.Diagnostics;

namespace Casework.Tests.Deploy;

/// <summary>
/// Issue 20, item 5: the Helm chart renders with each of its ci/ values files and every manifest validates against
/// the Kubernetes API schemas, with the chart's own promises checked (ADR 23: deploy/helm/test/check.sh).
/// </summary>
public sealed class ChartTests
{
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Casework.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (Casework.sln) was not found above the test's directory.");
    }

    [Fact]
    public async Task Every_chart_manifest_renders_and_validates_against_the_Kubernetes_API_schemas_and_the_chart_refuses_no_key_provider()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "deploy", "helm", "test", "check.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var check = Process.Start(start)!;
        var output = check.StandardOutput.ReadToEndAsync();
        var errors = check.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await check.WaitForExitAsync(timeout.Token);
        var report = $"{await output}\n{await errors}";
        Assert.True(check.ExitCode == 0, report);
        foreach (var kind in new[] { "Deployment", "Service", "ConfigMap", "Job", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy" })
        {
            Assert.Contains($" {kind}/", report);
        }
        Assert.Contains("refused: no key provider", report);
    }
}
