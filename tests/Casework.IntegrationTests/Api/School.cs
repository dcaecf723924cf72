using Alba;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// A small school in the directory, the same in every API test: who holds which role, and pupils either
/// side of 13. <see cref="SeedAsync"/> records it through the directory routes as the admin would, once per
/// school for the whole API suite (<see cref="ApiFixture"/>).
/// </summary>
public static class School
{
    public static readonly Guid Admin = Guid.Parse("a0000000-0000-4000-8000-000000000001");
    public static readonly Guid Headteacher = Guid.Parse("a0000000-0000-4000-8000-000000000002");
    public static readonly Guid Chair = Guid.Parse("a0000000-0000-4000-8000-000000000003");
    public static readonly Guid Dsl = Guid.Parse("a0000000-0000-4000-8000-000000000004");
    public static readonly Guid Teacher = Guid.Parse("a0000000-0000-4000-8000-000000000005");
    public static readonly Guid OtherTeacher = Guid.Parse("a0000000-0000-4000-8000-000000000006");
    public static readonly Guid Lado = Guid.Parse("a0000000-0000-4000-8000-000000000007");
    public static readonly Guid Auditor = Guid.Parse("a0000000-0000-4000-8000-000000000008");

    public static readonly Guid Year6Pupil = Guid.Parse("b0000000-0000-4000-8000-000000000001");
    public static readonly Guid Year8Pupil = Guid.Parse("b0000000-0000-4000-8000-000000000002");
    public static readonly Guid Parent = Guid.Parse("c0000000-0000-4000-8000-000000000001");

    public static async Task SeedAsync(ApiFixture api, string tenant = ApiFixture.Tenant)
    {
        var admin = api.TokenFor(Admin, ["admin"], tenant);
        await Put(api, admin, $"/api/directory/staff/{Admin}", new { name = "Ada Admin", roles = new[] { "admin" } });
        await Put(api, admin, $"/api/directory/staff/{Headteacher}", new { name = "Hari Head", roles = new[] { "headteacher", "staff" } });
        await Put(api, admin, $"/api/directory/staff/{Chair}", new { name = "Cora Chair", roles = new[] { "chair-of-governors" } });
        await Put(api, admin, $"/api/directory/staff/{Dsl}", new { name = "Dana Lead", roles = new[] { "dsl", "staff" } });
        await Put(api, admin, $"/api/directory/staff/{Teacher}", new { name = "Tom Teacher", roles = new[] { "staff" } });
        await Put(api, admin, $"/api/directory/staff/{OtherTeacher}", new { name = "Olu Teacher", roles = new[] { "staff" } });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Put(api, admin, $"/api/directory/pupils/{Year6Pupil}", new { name = "Priya Six", dateOfBirth = today.AddYears(-11), yearGroup = 6 });
        await Put(api, admin, $"/api/directory/pupils/{Year8Pupil}", new { name = "Ezra Eight", dateOfBirth = today.AddYears(-13).AddMonths(-2), yearGroup = 8 });
        await Put(api, admin, $"/api/directory/parents/{Parent}", new { name = "Pat Parent", pupilIds = new[] { Year8Pupil } });
    }

    private static Task Put(ApiFixture api, string token, string path, object body) =>
        api.Host.Scenario(s =>
        {
            s.Put.Json(body, JsonStyle.MinimalApi).ToUrl(path);
            s.WithBearerToken(token);
            s.StatusCodeShouldBeOk();
        });
}
