using Casework.Cases;
using Casework.Directory;
using Casework.Http;

namespace Casework.Auth;

/// <summary>A user the console offers to sign in as in Development: one per role, in the school <c>clarendon</c>.</summary>
public sealed record DevelopmentUser(Guid Id, string Name, string Tenant, IReadOnlyList<string> Roles);

/// <summary>
/// The console's sign-in in Development (ADR 13): it lists the development users and mints a token for the one
/// picked, with the development key, exactly as the CLI's <c>token</c> command does. Mapped in the Development
/// environment only, anonymous (whoever reaches a development service on loopback may read the key file too),
/// and kept out of the OpenAPI document: it is not part of the API. In any other environment these routes do not
/// exist, and the console signs in with the school's OpenID Connect provider instead.
/// </summary>
public static class DevelopmentSignIn
{
    public const string Tenant = "clarendon";

    /// <summary>The CLI's default lifetime.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(60);

    public static IReadOnlyList<DevelopmentUser> Users { get; } =
    [
        new(Guid.Parse("0a000000-0000-4000-8000-000000000001"), "Ada Admin", Tenant, [Role.Admin.Name()]),
        new(Guid.Parse("0a000000-0000-4000-8000-000000000002"), "Dana Lead", Tenant, [Role.Dsl.Name(), Role.Staff.Name()]),
        new(Guid.Parse("0a000000-0000-4000-8000-000000000003"), "Tom Teacher", Tenant, [Role.Staff.Name()]),
        new(Guid.Parse("0a000000-0000-4000-8000-000000000004"), "Hari Head", Tenant, [Role.Headteacher.Name(), Role.Staff.Name()]),
        new(Guid.Parse("0a000000-0000-4000-8000-000000000005"), "Cora Chair", Tenant, [Role.ChairOfGovernors.Name()]),
        new(Guid.Parse("0a000000-0000-4000-8000-000000000006"), "Lee Liaison", Tenant, [Role.LadoLiaison.Name()]),
        new(Guid.Parse("0a000000-0000-4000-8000-000000000007"), "Aud Auditor", Tenant, [Role.Auditor.Name()]),
    ];

    /// <summary>
    /// The development school's people, as an administrator imports them (POST /api/directory/import): the development
    /// users as staff, with three pupils and a parent, so that reports and allegations can be tried on the first day.
    /// </summary>
    public static DirectoryImport School { get; } = new(
    [
        .. Users.Where(u => !u.Roles.Contains(Role.LadoLiaison.Name()) && !u.Roles.Contains(Role.Auditor.Name()))
            .Select(u => new ImportedPerson(u.Id, Staff: new StaffMemberRequest(u.Name, [.. u.Roles.Select(RoleOf)], SignIn: SignInName(u)))),
        new(Guid.Parse("0b000000-0000-4000-8000-000000000001"), Pupil: new PupilRequest("Amira Khan", new DateOnly(2013, 3, 9), 8)),
        new(Guid.Parse("0b000000-0000-4000-8000-000000000002"), Pupil: new PupilRequest("Ben Okafor", new DateOnly(2015, 10, 2), 6)),
        new(Guid.Parse("0b000000-0000-4000-8000-000000000003"), Pupil: new PupilRequest("Chloe Evans", new DateOnly(2011, 6, 21), 10)),
        new(Guid.Parse("0c000000-0000-4000-8000-000000000001"), Parent: new ParentRequest("Jo Khan", [Guid.Parse("0b000000-0000-4000-8000-000000000001")])),
    ]);

    public sealed record TokenRequest(Guid UserId);

    public sealed record TokenAnswer(string Token);

    public static void MapDevelopmentSignIn(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        var development = app.MapGroup("/console/development").AllowAnonymous().ExcludeFromDescription();
        development.MapGet("/users", () => TypedResults.Ok(Users));
        development.MapGet("/school", () => TypedResults.Ok(School));
        development.MapPost("/token", IResult (TokenRequest body, IConfiguration configuration, TimeProvider time) =>
        {
            if (Users.FirstOrDefault(u => u.Id == body.UserId) is not { } user)
            {
                throw new CallerRefused(StatusCodes.Status400BadRequest, "That is not one of the development users.", "userId");
            }
            using var key = DevelopmentTokens.LoadOrCreateKey(
                DevelopmentTokens.ResolveKeyPath(configuration[$"{AuthenticationSetup.SectionName}:DevelopmentKeyFile"]));
            var token = DevelopmentTokens.Mint(key, new DevelopmentTokenRequest(user.Id, user.Name, [user.Tenant], user.Roles, Lifetime), time.GetUtcNow());
            return TypedResults.Ok(new TokenAnswer(token));
        });
    }

    /// <summary>The name a development user signs in with at a school's provider: "Dana Lead" is dana.lead@clarendon.sch.uk.</summary>
    public static string SignInName(DevelopmentUser user) => $"{user.Name.ToLowerInvariant().Replace(' ', '.')}@{Tenant}.sch.uk";

    private static Role RoleOf(string role) => Enum.Parse<Role>(role.Replace("-", ""), ignoreCase: true);
}
