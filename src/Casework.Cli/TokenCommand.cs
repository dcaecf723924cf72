using Casework.Cases;
using Casework.Auth;

namespace Casework.Cli;

/// <summary>
/// Mints a development bearer token with the checkout's development key, which the service trusts in Development only.
/// Prints the token alone on stdout so scripts can capture it.
/// </summary>
internal static class TokenCommand
{
    public const string Usage =
        "token --tenant <tenant> [--tenant <tenant>...] --user <guid> --name <display name> --role <role> [--role <role>...] [--minutes <n>]";

    private const int MaxMinutes = 24 * 60;

    public static Task<int> Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!TryParse(args, out var request, out var error))
        {
            stderr.WriteLine(error);
            stderr.WriteLine($"usage: casework {Usage}");
            stderr.WriteLine($"roles: {string.Join(", ", RoleNames.All.Order())}");
            return Task.FromResult(2);
        }

        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        if (environment is not null && !environment.Equals("Development", StringComparison.OrdinalIgnoreCase))
        {
            stderr.WriteLine($"The token command mints development tokens only, and the environment is '{environment}'.");
            return Task.FromResult(1);
        }

        using var key = DevelopmentTokens.LoadOrCreateKey(
            DevelopmentTokens.ResolveKeyPath(Environment.GetEnvironmentVariable(DevelopmentTokens.KeyFileVariable)));
        stdout.WriteLine(DevelopmentTokens.Mint(key, request, DateTimeOffset.UtcNow));
        return Task.FromResult(0);
    }

    private static bool TryParse(string[] args, out DevelopmentTokenRequest request, out string error)
    {
        request = null!;
        var tenants = new List<string>();
        var roles = new List<string>();
        string? user = null, name = null, minutes = null;

        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                error = $"Option '{args[i]}' needs a value.";
                return false;
            }

            var value = args[i + 1];
            switch (args[i])
            {
                case "--tenant": tenants.Add(value); break;
                case "--role": roles.Add(value); break;
                case "--user" when user is null: user = value; break;
                case "--name" when name is null: name = value; break;
                case "--minutes" when minutes is null: minutes = value; break;
                case "--user" or "--name" or "--minutes":
                    error = $"Option '{args[i]}' is given twice.";
                    return false;
                default:
                    error = $"Unknown option '{args[i]}'.";
                    return false;
            }
        }

        error = Problem() ?? "";
        if (error.Length > 0)
        {
            return false;
        }

        request = new DevelopmentTokenRequest(
            Guid.ParseExact(user!, "D"),
            name!,
            tenants.Distinct().ToArray(),
            roles.Distinct().ToArray(),
            TimeSpan.FromMinutes(minutes is null ? 60 : int.Parse(minutes)));
        return true;

        string? Problem()
        {
            if (tenants.Count == 0)
            {
                return "At least one --tenant is required.";
            }

            if (tenants.FirstOrDefault(t => !CaseworkTenants.IsValidId(t)) is { } badTenant)
            {
                return $"Tenant '{badTenant}' is not a tenant id (1-{CaseworkTenants.MaxIdLength} letters, digits, '-', '_' or '.').";
            }

            if (!Guid.TryParseExact(user, "D", out var userId) || userId == Guid.Empty)
            {
                return user is null ? "--user is required." : $"--user '{user}' is not a user id (a non-empty GUID).";
            }

            if (string.IsNullOrWhiteSpace(name) || name.Length > CaseworkTokenRules.MaxNameLength)
            {
                return $"--name is required, at most {CaseworkTokenRules.MaxNameLength} characters.";
            }

            if (roles.Count == 0)
            {
                return "At least one --role is required.";
            }

            if (roles.FirstOrDefault(r => !RoleNames.All.Contains(r)) is { } unknownRole)
            {
                return $"Unknown role '{unknownRole}'.";
            }

            if (minutes is not null && !(int.TryParse(minutes, out var m) && m is > 0 and <= MaxMinutes))
            {
                return $"--minutes must be a whole number from 1 to {MaxMinutes}.";
            }

            return null;
        }
    }
}
