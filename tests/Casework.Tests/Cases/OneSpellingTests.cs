using System.Text.Json;
using Casework.Cases;
using Casework.Http;

namespace Casework.Tests.Cases;

/// <summary>One type and one spelling for each role and each kind: the name tokens, the API, event headers, the register and stored documents use.</summary>
public sealed class OneSpellingTests
{
    [Fact]
    public void Each_role_has_one_name_the_api_writes_and_parses_back()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            Assert.Equal($"\"{role.Name()}\"", JsonSerializer.Serialize(role, CaseworkJson.Options));
            Assert.True(RoleNames.TryParse(role.Name(), out var parsed) && parsed == role, role.Name());
        }
        Assert.Equal(["staff", "dsl", "headteacher", "chair-of-governors", "lado-liaison", "auditor", "admin"], RoleNames.All);
        Assert.False(RoleNames.TryParse("ChairOfGovernors", out _));
        Assert.False(RoleNames.TryParse("DSL", out _));
    }

    [Fact]
    public void Who_manages_a_case_is_named_from_its_managers_roles()
    {
        Assert.Equal("dsl", new CaseParties([], null, null, [Role.Dsl]).ManagedBy);
        Assert.Equal("chair-of-governors", new CaseParties([], null, null, [Role.ChairOfGovernors]).ManagedBy);
        Assert.Equal("dsl-and-headteacher", new CaseParties([], null, null, [Role.Dsl, Role.Headteacher]).ManagedBy);
        Assert.Equal(["dsl", "headteacher", "chair-of-governors", "dsl-and-headteacher"], Case.Managers);
    }

    [Fact]
    public void Each_kind_has_one_name_the_api_the_register_and_the_stored_document_use()
    {
        var discriminators = typeof(Case).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), false)
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>().ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);
        Case[] blanks = [ConcernCase.New, DisclosureCase.New, Casework.Cases.AllegationCase.New, ParentBreachCase.New];
        foreach (var blank in blanks)
        {
            Assert.Equal(blank.Kind.Name(), discriminators[blank.GetType()]);
            Assert.Equal($"\"{blank.Kind.Name()}\"", JsonSerializer.Serialize(blank.Kind, CaseworkJson.Options));
        }
        Assert.Equal(["concern", "disclosure", "allegation", "parent-breach"], Case.Kinds);
    }
}
