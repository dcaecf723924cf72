namespace Casework.Benchmarks;

/// <summary>Command-line options: <c>--seconds N</c> per measurement, <c>--markdown PATH</c> to also write the results.</summary>
internal sealed record Options(double Seconds, string? MarkdownPath)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    /// <summary>Warm-up before each measurement: a third of it, at least one second.</summary>
    public TimeSpan WarmUp => TimeSpan.FromSeconds(Math.Max(1, Seconds / 3));

    public static Options Parse(string[] args)
    {
        var seconds = 5.0;
        string? markdown = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0:
                    seconds = s;
                    i++;
                    break;
                case "--markdown" when i + 1 < args.Length:
                    markdown = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete option '{args[i]}'. Usage: [--seconds N] [--markdown PATH]");
            }
        }
        return new Options(seconds, markdown);
    }
}
