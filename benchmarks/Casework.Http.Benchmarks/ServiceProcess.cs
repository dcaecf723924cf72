using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Casework.Operations;
using Npgsql;

namespace Casework.Http.Benchmarks;

/// <summary>The published service and CLI: where they are.</summary>
internal sealed record Build(string Repository, string ServiceDll, string CliDll)
{
    /// <summary>
    /// Publishes the service and the CLI in Release, once per run, into <c>artifacts/http-bench/</c> of the
    /// checkout (ignored by git). Inside the checkout on purpose: both find the checkout's development key
    /// (<c>.dev/</c>) from where they run, as <c>scripts/run.sh</c> and the README walkthrough do.
    /// </summary>
    public static async Task<Build> PublishAsync(string repository, CancellationToken ct)
    {
        var output = Path.Combine(repository, "artifacts", "http-bench");
        foreach (var (project, folder) in new[] { ("src/Casework", "service"), ("src/Casework.Cli", "cli") })
        {
            Progress.Say($"publishing {project} (Release)");
            var (code, stdout, stderr) = await Processes.RunAsync("dotnet",
                ["publish", project, "-c", "Release", "-o", Path.Combine(output, folder), "--nologo", "-v", "quiet"], repository, ct);
            if (code != 0)
            {
                throw new InvalidOperationException($"dotnet publish {project} failed:\n{stdout}\n{stderr}");
            }
        }
        return new Build(repository, Path.Combine(output, "service", "Casework.dll"), Path.Combine(output, "cli", "Casework.Cli.dll"));
    }
}

/// <summary>
/// One running service: <c>dotnet Casework.dll --urls http://127.0.0.1:PORT</c> in Development, on the given
/// connection string and schema. Its output goes to a log file beside the published service.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private ServiceProcess(Process process, StreamWriter log, string logPath, Uri address)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        Address = address;
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <summary>Why the process is gone before the harness stopped it (killed from outside, crashed), or null while it runs.</summary>
    public string? Gone => _process.HasExited ? $"exited with code {_process.ExitCode}" : null;

    public string LogPath { get; }

    /// <summary>From starting the process to the first 200 of <c>GET /health/ready</c> (the schema migrated beforehand, as a deployment does).</summary>
    public TimeSpan ColdStart { get; private set; }

    /// <summary>
    /// Migrates the schema as its owner (ADR 15; again on a filled store, as a deployment would), then starts the service as
    /// its own role, with any further <paramref name="settings"/> as environment variables.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(Build build, Database database, string schema, CancellationToken ct,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        await Migration.ApplyAsync(database.ConnectionString, schema,
            new NpgsqlConnectionStringBuilder(database.ServiceConnectionString).Username!, ct);
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [build.ServiceDll, "--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(build.ServiceDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Casework"] = database.ServiceConnectionString;
        start.Environment["Casework__Schema"] = schema;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var logPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(build.ServiceDll)!, "..", $"service-{schema}.log"));
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var service = new ServiceProcess(process, log, logPath, address);
        process.OutputDataReceived += (_, e) => service.Log(e.Data);
        process.ErrorDataReceived += (_, e) => service.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilReadyAsync(ct);
            service.ColdStart = clock.Elapsed;
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the service, if one runs, saying so if it had gone before the harness stopped it, then drops its schema.</summary>
    public static async Task StopAndDropAsync(ServiceProcess? service, Database database, string schema)
    {
        if (service is not null)
        {
            if (service.Gone is { } gone)
            {
                Progress.Say($"the service {gone} before the harness stopped it; see {service.LogPath}");
            }
            await service.DisposeAsync();
        }
        await database.DropSchemaAsync(schema);
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyDeadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {_process.ExitCode} before it was ready; see {LogPath}.");
            }
            try
            {
                using var response = await http.GetAsync("/health/ready", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // A slow answer while starting: ask again.
            }
            await Task.Delay(20, ct);
        }
        throw new TimeoutException($"The service was not ready within {ReadyDeadline.TotalSeconds} s; see {LogPath}.");
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_logLock)
            {
                _log.WriteLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"The service (pid {_process.Id}) did not exit within 10 s.");
        }
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Running a command to its end and capturing what it printed.</summary>
internal static class Processes
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, IEnumerable<string> args, string workingDirectory, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    /// <summary>The checkout: the nearest folder holding Casework.sln above the current directory or the harness.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = start; folder is not null; folder = Path.GetDirectoryName(folder))
            {
                if (File.Exists(Path.Combine(folder, "Casework.sln")))
                {
                    return folder;
                }
            }
        }
        throw new InvalidOperationException("Run the harness from the checkout: Casework.sln was not found.");
    }
}
