using Casework.Cli;

// One entry per command; each command is one file with a Usage line and a Run method.
// Exit codes: 0 done, 1 failed, 2 bad command line (usage on stderr).
var commands = new Dictionary<string, (string Usage, Func<string[], TextWriter, TextWriter, Task<int>> Run)>
{
    ["token"] = (TokenCommand.Usage, TokenCommand.Run),
};

if (args is ["help" or "--help" or "-h"])
{
    WriteUsage(Console.Out);
    return 0;
}

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine(args.Length == 0 ? "No command given." : $"Unknown command '{args[0]}'.");
    WriteUsage(Console.Error);
    return 2;
}

return await command.Run(args[1..], Console.Out, Console.Error);

void WriteUsage(TextWriter writer)
{
    writer.WriteLine("usage: casework <command> [options]");
    foreach (var (_, (usage, _)) in commands)
    {
        writer.WriteLine($"  {usage}");
    }
}
