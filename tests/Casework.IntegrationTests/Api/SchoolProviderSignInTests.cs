using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Casework.Auth;
using Casework.Cases;
using Casework.Directory;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Issue 20, items 2 and 3 (ADR 31): one provider for a trust of two schools, one issuing Entra-like claims (<c>tid</c>,
/// <c>oid</c>, <c>preferred_username</c>, group ids), the other Google-like ones (<c>sub</c>, <c>email</c>, <c>hd</c>,
/// group e-mails). The service trusts the provider's key and maps its tokens to the directory; nothing in a token is
/// taken for a directory id or a Casework role.
/// </summary>
public sealed class SchoolProviderFixture : IAsyncLifetime
{
    public const string Issuer = "https://idp.trust.example/";
    public const string Audience = "api://casework";
    public const string EntraTenant = "8d0c6a3e-entra-tenant";
    public const string EntraDsls = "5b1e0f6a-0000-4000-8000-00000000d51a";
    public const string EntraTeachers = "5b1e0f6a-0000-4000-8000-0000000057af";
    public const string EntraLadoGuests = "5b1e0f6a-0000-4000-8000-00000000a1d0";
    public const string GoogleDsls = "dsl@rainow.sch.uk";
    public const string GoogleTeachers = "staff@rainow.sch.uk";

    public static readonly Guid Dana = Guid.Parse("6a000000-0000-4000-8000-000000000001");
    public static readonly Guid Tom = Guid.Parse("6a000000-0000-4000-8000-000000000002");
    public static readonly Guid Leaver = Guid.Parse("6a000000-0000-4000-8000-000000000003");
    public static readonly Guid Rhiannon = Guid.Parse("6a000000-0000-4000-8000-000000000004");
    public static readonly Guid Lee = Guid.Parse("6a000000-0000-4000-8000-000000000005");

    private readonly RSA _key = RSA.Create(2048);
    private IAlbaHost? _host;

    public string Schema { get; } = TestDatabase.NewSchema("idp");

    public IAlbaHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        await TestDatabase.MigrateAsync(Schema);
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Casework"] = TestDatabase.ServiceConnectionString,
            ["Casework:Schema"] = Schema,
            ["Authentication:Issuer"] = Issuer,
            ["Authentication:Audience"] = Audience,
            ["Authentication:Keys:0:Kid"] = "idp-1",
            ["Authentication:Keys:0:Pem"] = _key.ExportSubjectPublicKeyInfoPem(),
            ["Authentication:People:PersonClaim"] = "preferred_username",
            ["Authentication:Schools:0:Tenant"] = ApiFixture.Tenant,
            ["Authentication:Schools:0:Require:tid"] = EntraTenant,
            ["Authentication:Schools:0:Groups:0:Group"] = EntraDsls,
            ["Authentication:Schools:0:Groups:0:Roles:0"] = "dsl",
            ["Authentication:Schools:0:Groups:0:Roles:1"] = "staff",
            ["Authentication:Schools:0:Groups:1:Group"] = EntraTeachers,
            ["Authentication:Schools:0:Groups:1:Roles:0"] = "staff",
            ["Authentication:Schools:0:Groups:2:Group"] = EntraLadoGuests,
            ["Authentication:Schools:0:Groups:2:Roles:0"] = "lado-liaison",
            ["Authentication:Schools:1:Tenant"] = ApiFixture.OtherTenant,
            ["Authentication:Schools:1:PersonClaim"] = "email",
            ["Authentication:Schools:1:Require:hd"] = "rainow.sch.uk",
            ["Authentication:Schools:1:Groups:0:Group"] = GoogleDsls,
            ["Authentication:Schools:1:Groups:0:Roles:0"] = "dsl",
            ["Authentication:Schools:1:Groups:1:Group"] = GoogleTeachers,
            ["Authentication:Schools:1:Groups:1:Roles:0"] = "staff",
        };
        _host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Casework:MasterKeyFile", TestDatabase.MasterKeyFile);
            builder.UseSetting("Casework:ErasureLogFile", TestDatabase.MasterKeyFile + ".erasures");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

        // The schools' directories as their administrators imported them, sign-in names included.
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        await RecordAsync(store, ApiFixture.Tenant, new StaffMemberAdded(Dana, "Dana Lead", [Role.Dsl, Role.Staff], SignIn: "dana.lead@clarendon.sch.uk"));
        await RecordAsync(store, ApiFixture.Tenant, new StaffMemberAdded(Tom, "Tom Teacher", [Role.Staff], SignIn: "tom.teacher@clarendon.sch.uk"));
        await RecordAsync(store, ApiFixture.Tenant, new StaffMemberAdded(Leaver, "Lou Left", [Role.Staff], SignIn: "lou.left@clarendon.sch.uk"), new StaffMemberRemoved(Leaver));
        // The local authority's LADO liaison, a guest of the school's provider, recorded with that role alone.
        await RecordAsync(store, ApiFixture.Tenant, new StaffMemberAdded(Lee, "Lee Liaison", [Role.LadoLiaison], JobTitle: "LADO, Westshire Council", SignIn: "lee.liaison@westshire.gov.uk"));
        await RecordAsync(store, ApiFixture.OtherTenant, new StaffMemberAdded(Rhiannon, "Rhiannon Rees", [Role.Dsl, Role.Staff], SignIn: "r.rees@rainow.sch.uk"));
    }

    private static async Task RecordAsync(IDocumentStore store, string tenant, params object[] events)
    {
        await using var session = store.LightweightSession(tenant);
        var id = events[0] is StaffMemberAdded added ? added.StaffId : throw new ArgumentException("A person starts with being added.");
        session.Events.StartStream<Person>(id, events);
        await session.SaveChangesAsync();
    }

    /// <summary>A token as the provider signs it: its own ids, its own names for people and groups.</summary>
    public string Token(Dictionary<string, object> claims, RSA? key = null)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(9).ToUnixTimeSeconds(),
        };
        foreach (var (name, value) in claims)
        {
            payload[name] = value;
        }
        var credentials = new SigningCredentials(new RsaSecurityKey(key ?? _key) { KeyId = "idp-1" }, SecurityAlgorithms.RsaSha256);
        return new JsonWebTokenHandler().CreateToken(JsonSerializer.Serialize(payload), credentials);
    }

    /// <summary>Entra ID's shape: <c>oid</c> and <c>sub</c> are the provider's own ids, never the directory's.</summary>
    public static Dictionary<string, object> Entra(string username, params string[] groups) => new()
    {
        ["tid"] = EntraTenant,
        ["oid"] = Guid.NewGuid().ToString(),
        ["sub"] = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
        ["preferred_username"] = username,
        ["name"] = "Whatever The Token Says",
        ["groups"] = groups,
        ["amr"] = new[] { "pwd", "mfa" },
    };

    /// <summary>Google Workspace's shape: a numeric <c>sub</c>, the verified work e-mail and the hosted domain.</summary>
    public static Dictionary<string, object> Google(string email, params string[] groups) => new()
    {
        ["sub"] = "110169484474386276334",
        ["email"] = email,
        ["email_verified"] = true,
        ["hd"] = "rainow.sch.uk",
        ["groups"] = groups,
        ["amr"] = new[] { "mfa" },
    };

    public async Task<HttpStatusCode> GetAsync(string path, string token, string? tenant = null)
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (tenant is not null)
        {
            client.DefaultRequestHeaders.Add(Casework.Http.Caller.TenantHeader, tenant);
        }
        return (await client.GetAsync(path)).StatusCode;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _key.Dispose();
        await TestDatabase.DropSchemaAsync(Schema);
    }
}

public sealed class SchoolProviderSignInTests(SchoolProviderFixture idp) : IClassFixture<SchoolProviderFixture>
{
    private const string DslQueue = "/api/registers/dsl-queue";
    private const string Names = "/api/directory/names?kind=staff&name=Dana";

    [Fact]
    public async Task An_Entra_like_token_signs_in_the_member_of_staff_its_preferred_username_names_with_the_roles_its_groups_give_R_school_identity()
    {
        var dsl = idp.Token(SchoolProviderFixture.Entra("Dana.Lead@Clarendon.sch.uk", SchoolProviderFixture.EntraDsls));
        var teacher = idp.Token(SchoolProviderFixture.Entra("tom.teacher@clarendon.sch.uk", SchoolProviderFixture.EntraTeachers));

        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(DslQueue, dsl));
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(Names, teacher));
        Assert.Equal(HttpStatusCode.Forbidden, await idp.GetAsync(DslQueue, teacher));
        // The school is the token's tenant's only: another school's header is refused.
        Assert.Equal(HttpStatusCode.Forbidden, await idp.GetAsync(Names, dsl, ApiFixture.OtherTenant));
    }

    [Fact]
    public async Task The_mapped_caller_is_the_directory_id_and_name_never_the_tokens_sub_or_name_R_school_identity()
    {
        var principal = await MapAsync(SchoolProviderFixture.Entra("dana.lead@clarendon.sch.uk", SchoolProviderFixture.EntraDsls));

        var user = principal.ToCurrentUser();
        Assert.Equal(SchoolProviderFixture.Dana, user.Id);
        Assert.Equal("Dana Lead", user.Name);
        Assert.Equal([ApiFixture.Tenant], user.Tenants);
        Assert.Equal(["dsl", "staff"], user.Roles.Order());
    }

    [Fact]
    public async Task A_Google_like_token_signs_in_by_verified_email_within_its_hosted_domain_R_school_identity()
    {
        var dsl = idp.Token(SchoolProviderFixture.Google("R.Rees@rainow.sch.uk", SchoolProviderFixture.GoogleDsls));
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(DslQueue, dsl));
        Assert.Equal(SchoolProviderFixture.Rhiannon, (await MapAsync(SchoolProviderFixture.Google("r.rees@rainow.sch.uk", SchoolProviderFixture.GoogleDsls))).ToCurrentUser().Id);

        var unverified = SchoolProviderFixture.Google("r.rees@rainow.sch.uk", SchoolProviderFixture.GoogleDsls);
        unverified["email_verified"] = false;
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(DslQueue, idp.Token(unverified)));

        var otherDomain = SchoolProviderFixture.Google("r.rees@rainow.sch.uk", SchoolProviderFixture.GoogleDsls);
        otherDomain["hd"] = "elsewhere.sch.uk";
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(DslQueue, idp.Token(otherDomain)));
    }

    [Fact]
    public async Task A_LADO_liaison_from_outside_the_school_signs_in_as_a_guest_of_its_provider_with_that_role_alone_and_multi_factor_R_school_identity()
    {
        // Entra ID admits someone from another organisation as a guest of the school's tenant: its token, the school's
        // tid, names them by their own address. The directory records them with the liaison's role; a group gives it.
        var claims = SchoolProviderFixture.Entra("Lee.Liaison@westshire.gov.uk", SchoolProviderFixture.EntraLadoGuests);

        var user = (await MapAsync(claims)).ToCurrentUser();
        Assert.Equal(SchoolProviderFixture.Lee, user.Id);
        Assert.Equal("Lee Liaison", user.Name);
        Assert.Equal(["lado-liaison"], user.Roles);
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync("/api/cases", idp.Token(claims)));
        Assert.Equal(HttpStatusCode.Forbidden, await idp.GetAsync(DslQueue, idp.Token(claims)));

        // The liaison sees case content, so a password alone is not enough; nor is a guest in no group of the school's.
        var passwordOnly = SchoolProviderFixture.Entra("lee.liaison@westshire.gov.uk", SchoolProviderFixture.EntraLadoGuests);
        passwordOnly["amr"] = new[] { "pwd" };
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync("/api/cases", idp.Token(passwordOnly)));
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync("/api/cases", idp.Token(SchoolProviderFixture.Entra("lee.liaison@westshire.gov.uk"))));
    }

    [Fact]
    public async Task An_unmapped_user_sees_nothing_R_school_identity()
    {
        // Not in the directory, though its sub is a directory id and its groups give roles.
        var stranger = SchoolProviderFixture.Entra("someone.else@clarendon.sch.uk", SchoolProviderFixture.EntraDsls);
        stranger["sub"] = SchoolProviderFixture.Dana.ToString();
        // In the directory, but in no group that gives a role.
        var noGroup = SchoolProviderFixture.Entra("tom.teacher@clarendon.sch.uk", "5b1e0f6a-0000-4000-8000-0000000000ff");
        // Roles written into the token itself are not Casework's to believe.
        var selfMade = SchoolProviderFixture.Entra("tom.teacher@clarendon.sch.uk");
        selfMade["roles"] = new[] { "dsl" };
        selfMade["tenants"] = new[] { ApiFixture.Tenant };
        // Left the school.
        var leaver = SchoolProviderFixture.Entra("lou.left@clarendon.sch.uk", SchoolProviderFixture.EntraTeachers);
        // Another Entra tenant.
        var otherTenant = SchoolProviderFixture.Entra("dana.lead@clarendon.sch.uk", SchoolProviderFixture.EntraDsls);
        otherTenant["tid"] = "another-tenant";

        foreach (var claims in new[] { stranger, noGroup, selfMade, leaver, otherTenant })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(Names, idp.Token(claims)));
            Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync("/api/cases", idp.Token(claims)));
        }
    }

    [Fact]
    public async Task A_role_that_sees_case_content_needs_multi_factor_and_a_teachers_does_not_R_authentication_strength()
    {
        var dsl = SchoolProviderFixture.Entra("dana.lead@clarendon.sch.uk", SchoolProviderFixture.EntraDsls);
        dsl["amr"] = new[] { "pwd" };
        var teacher = SchoolProviderFixture.Entra("tom.teacher@clarendon.sch.uk", SchoolProviderFixture.EntraTeachers);
        teacher.Remove("amr");

        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(DslQueue, idp.Token(dsl)));
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(Names, idp.Token(dsl)));
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(Names, idp.Token(teacher)));
    }

    [Fact]
    public async Task A_token_for_another_audience_or_signed_by_another_key_is_refused_R_token_validation()
    {
        var claims = SchoolProviderFixture.Entra("dana.lead@clarendon.sch.uk", SchoolProviderFixture.EntraDsls);
        claims["aud"] = "api://another-app";
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(Names, idp.Token(claims)));

        using var stranger = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized,
            await idp.GetAsync(Names, idp.Token(SchoolProviderFixture.Entra("dana.lead@clarendon.sch.uk", SchoolProviderFixture.EntraDsls), stranger)));
    }

    [Fact]
    public async Task A_token_that_outlives_the_idle_limit_is_refused_R_idle_sign_in_limit()
    {
        var now = DateTimeOffset.UtcNow;
        var claims = SchoolProviderFixture.Entra("tom.teacher@clarendon.sch.uk", SchoolProviderFixture.EntraTeachers);
        claims["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds();
        claims["exp"] = now.AddMinutes(59).ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(Names, idp.Token(claims)));

        claims["exp"] = now.AddMinutes(14).ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(Names, idp.Token(claims)));
    }

    [Fact]
    public async Task A_fresh_token_from_a_sign_in_older_than_the_absolute_limit_is_refused_R_absolute_sign_in_limit()
    {
        var claims = SchoolProviderFixture.Entra("tom.teacher@clarendon.sch.uk", SchoolProviderFixture.EntraTeachers);
        claims["auth_time"] = DateTimeOffset.UtcNow.AddHours(-10).AddMinutes(-2).ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.Unauthorized, await idp.GetAsync(Names, idp.Token(claims)));

        claims["auth_time"] = DateTimeOffset.UtcNow.AddHours(-9).ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.OK, await idp.GetAsync(Names, idp.Token(claims)));
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> MapAsync(Dictionary<string, object> claims)
    {
        var configuration = idp.Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        var identity = SchoolIdentity.From(configuration.GetSection(AuthenticationSetup.SectionName))!;
        using var payload = JsonDocument.Parse(JsonSerializer.Serialize(claims));
        var (principal, refusal) = await identity.MapAsync(payload.RootElement, idp.Host.Services.GetRequiredService<IDocumentStore>(), CancellationToken.None);
        Assert.Null(refusal);
        return principal!;
    }
}
