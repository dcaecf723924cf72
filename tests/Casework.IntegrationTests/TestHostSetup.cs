using System.Runtime.CompilerServices;
using JasperFx.CommandLine;

namespace Casework.IntegrationTests;

internal static class TestHostSetup
{
    /// <summary>
    /// Program ends with JasperFx's command runner (for `codegen write`); a test host built from it must start
    /// the application instead of parsing the test runner's arguments as a command.
    /// </summary>
    [ModuleInitializer]
    internal static void StartHostsUnderTest() => JasperFxEnvironment.AutoStartHost = true;
}
