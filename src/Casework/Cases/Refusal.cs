using System.Runtime.CompilerServices;
namespace Casework.Cases;

public enum RefusalKind
{
    /// <summary>The actor's role may not do this at all (HTTP 403).</summary>
    NotPermitted,

    /// <summary>A rule forbids it now (HTTP 422).</summary>
    RuleViolation,

    /// <summary>Already satisfied (R14): Decide records nothing and AllowedActions hides the action.</summary>
    AlreadyDone,
}

/// <summary>
/// Why an action cannot be taken now. Each action's guard returns one (or null), and both Decide
/// (which throws it) and AllowedActions (which only asks whether there is one) run the same guard,
/// so a rule is written once.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Rule, string Message)
{
    public static Refusal NotPermitted(string rule, string message) => new(RefusalKind.NotPermitted, rule, message);

    public static Refusal Broken(string rule, string message) => new(RefusalKind.RuleViolation, rule, message);

    public static Refusal AlreadyDone { get; } = new(RefusalKind.AlreadyDone, "R14", "This has already been recorded.");

    /// <summary>Runs <paramref name="decide"/> unless the guard refused: nothing when already done, else the refusal is thrown.</summary>
    public static IReadOnlyList<object> Guard(Refusal? refusal, Func<IReadOnlyList<object>> decide)
    {
        if (refusal?.Kind == RefusalKind.AlreadyDone)
        {
            return [];
        }
        Enforce(refusal);
        return decide();
    }

    /// <summary>Throws a refusal that forbids; null and "already done" pass.</summary>
    public static void Enforce(Refusal? refusal)
    {
        switch (refusal?.Kind)
        {
            case RefusalKind.NotPermitted:
                throw new NotPermitted(refusal.Rule, refusal.Message);
            case RefusalKind.RuleViolation:
                throw new RuleViolation(refusal.Rule, refusal.Message);
        }
    }
}

/// <summary>A command broke a rule of DOMAIN.md (HTTP 422 with the rule code).</summary>
public sealed class RuleViolation(string rule, string message, string? field = null) : Exception(message)
{
    public string Rule { get; } = rule;

    /// <summary>The request's field the rule refuses, where it is one (camel case, as the API spells it).</summary>
    public string? Field { get; } = field;
}

/// <summary>The actor's role may never take this action on this case (HTTP 403).</summary>
public sealed class NotPermitted(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

/// <summary>Checks on a command's input, after its guard passed.</summary>
public static class Require
{
    public static void That(bool holds, string rule, string message)
    {
        if (!holds)
        {
            throw new RuleViolation(rule, message);
        }
    }

    public static void Text(string? value, string rule, string message) =>
        That(!string.IsNullOrWhiteSpace(value), rule, message);

    /// <summary>R3: every decision carries a written rationale.</summary>
    public static void Rationale(string? rationale, string decision) =>
        Text(rationale, "R3", $"Write down why: {decision} needs a rationale.");

    /// <summary>R1: a time is never in the future; the refusal names the request's field the time came from.</summary>
    public static void NotInFuture(DateTimeOffset occurredAt, DateTimeOffset now, string what,
        [CallerArgumentExpression(nameof(occurredAt))] string field = "")
    {
        if (occurredAt > now)
        {
            // "OccurredAt", "IncidentAt!.Value", "receivedAt ?? now": the property the time came from, as the API spells it.
            var expression = field.Split(' ')[0].Replace("!", "", StringComparison.Ordinal);
            expression = expression.EndsWith(".Value", StringComparison.Ordinal) ? expression[..^6] : expression;
            var name = expression[(expression.LastIndexOf('.') + 1)..];
            name = name.All(char.IsLetterOrDigit) ? name : "";
            throw new RuleViolation("R1", $"The time {what} cannot be in the future.", name.Length == 0 ? null : char.ToLowerInvariant(name[0]) + name[1..]);
        }
    }
}
