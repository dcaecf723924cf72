using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Auth;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>D2: anyone with a role in the school reads its people's names (to report, and to read a case by name); nothing more.</summary>
[Collection(ApiSuite.Name)]
public sealed class PeopleByNameTests(ApiFixture api)
{
    [Fact]
    public async Task D2_a_teacher_finds_a_pupil_by_part_of_their_name_without_their_date_of_birth()
    {
        var found = await api.ClientFor(School.Teacher, Role.Staff.Name()).GetFromJsonAsync<JsonElement>("/api/directory/names?kind=pupil&search=ezr");
        var pupil = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal(School.Year8Pupil, pupil.GetProperty("id").GetGuid());
        Assert.Equal("Ezra Eight", pupil.GetProperty("name").GetString());
        Assert.Equal(8, pupil.GetProperty("yearGroup").GetInt32());
        Assert.False(pupil.TryGetProperty("dateOfBirth", out _));
    }

    [Fact]
    public async Task D2_the_DSL_reads_names_by_id_of_every_kind_of_person()
    {
        var found = await api.ClientFor(School.Dsl, Role.Dsl.Name())
            .GetFromJsonAsync<JsonElement>($"/api/directory/names?id={School.Headteacher}&id={School.Parent}&id={School.Year6Pupil}");
        var names = found.GetProperty("items").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetGuid(), p => p.GetProperty("kind").GetString() + ": " + p.GetProperty("name").GetString());
        Assert.Equal("staff: Hari Head", names[School.Headteacher]);
        Assert.Equal("parent: Pat Parent", names[School.Parent]);
        Assert.Equal("pupil: Priya Six", names[School.Year6Pupil]);
        Assert.Equal(3, names.Count);
    }

    [Fact]
    public async Task R1_current_finds_the_people_still_at_the_school_however_many_leavers_share_the_name()
    {
        // A page's worth of leavers whose name holds the same part, and one pupil still at the school.
        var part = $"Leaver{Guid.NewGuid():N}"[..16];
        var admin = api.ClientFor(School.Admin, Role.Admin.Name());
        for (var i = 0; i < 4; i++)
        {
            var left = Guid.NewGuid();
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/directory/pupils/{left}", new { name = $"{part} Gone{i}", dateOfBirth = "2012-05-01", yearGroup = 10 })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/directory/pupils/{left}")).StatusCode);
        }
        var stays = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/directory/pupils/{stays}", new { name = $"{part} Stays", dateOfBirth = "2013-05-01", yearGroup = 9 })).StatusCode);

        var teacher = api.ClientFor(School.Teacher, Role.Staff.Name());
        var current = await teacher.GetFromJsonAsync<JsonElement>($"/api/directory/names?kind=pupil&current=true&limit=2&search={part}");
        var found = Assert.Single(current.GetProperty("items").EnumerateArray());
        Assert.Equal(stays, found.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, current.GetProperty("next").ValueKind);
        // Without it, leavers are named too (a case about them still shows their name).
        var everyone = await teacher.GetFromJsonAsync<JsonElement>($"/api/directory/names?kind=pupil&limit=200&search={part}");
        Assert.Equal(5, everyone.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task D2_names_are_the_schools_own_and_a_bad_kind_is_named()
    {
        var pupil = Guid.NewGuid();
        var added = await api.ClientFor(School.Admin, Role.Admin.Name()).PutAsJsonAsync($"/api/directory/pupils/{pupil}",
            new { name = "Nadia Only-Here", dateOfBirth = "2014-05-01", yearGroup = 7 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var ours = await api.ClientFor(School.Teacher, Role.Staff.Name()).GetFromJsonAsync<JsonElement>("/api/directory/names?search=only-here");
        Assert.Equal(pupil, Assert.Single(ours.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var other = await api.ClientFor(School.Teacher, Role.Staff.Name(), ApiFixture.OtherTenant)
            .GetFromJsonAsync<JsonElement>($"/api/directory/names?search=only-here&id={pupil}");
        Assert.Empty(other.GetProperty("items").EnumerateArray());

        var bad = await api.ClientFor(School.Teacher, Role.Staff.Name()).GetAsync("/api/directory/names?kind=governor");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("kind", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthorizationKit.ClientWithToken(api, null).GetAsync("/api/directory/names")).StatusCode);
    }
}
