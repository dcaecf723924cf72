using Casework.Auth;
using Microsoft.Extensions.Configuration;

namespace Casework.Tests.Auth;

/// <summary>ADR 31: a school's identity mapping that cannot be right stops the service at start-up, never a request.</summary>
public sealed class SchoolIdentityTests
{
    private static IConfigurationSection Authentication(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(AuthenticationSetup.SectionName);

    private static Dictionary<string, string?> School(string role = "dsl", string? personClaim = "preferred_username") => new()
    {
        ["Authentication:People:PersonClaim"] = personClaim,
        ["Authentication:Schools:0:Tenant"] = "clarendon",
        ["Authentication:Schools:0:Groups:0:Group"] = "dsls",
        ["Authentication:Schools:0:Groups:0:Roles:0"] = role,
    };

    [Fact]
    public void Without_schools_tokens_keep_carrying_caseworks_own_claims() =>
        Assert.Null(SchoolIdentity.From(Authentication([])));

    [Fact]
    public void A_group_giving_a_role_casework_does_not_know_stops_the_service_R_school_identity() =>
        Assert.Throws<InvalidOperationException>(() => SchoolIdentity.From(Authentication(School(role: "superuser"))));

    [Fact]
    public void A_school_without_a_claim_naming_the_person_stops_the_service_R_school_identity() =>
        Assert.Throws<InvalidOperationException>(() => SchoolIdentity.From(Authentication(School(personClaim: null))));

    [Fact]
    public void Multi_factor_is_required_by_default_for_the_roles_that_see_case_content_and_shown_by_amr_mfa_R_authentication_strength()
    {
        var identity = SchoolIdentity.From(Authentication(School()))!;
        Assert.Equal(["auditor", "chair-of-governors", "dsl", "headteacher", "lado-liaison"], identity.MultiFactorRoles.Order());
        Assert.Equal(["mfa"], identity.Amr);
    }

    [Theory]
    [InlineData("0", "10")]
    [InlineData("121", "10")]
    [InlineData("15", "25")]
    public void Sign_in_limits_out_of_range_stop_the_service_R_ADR_31(string idleMinutes, string absoluteHours) =>
        Assert.Throws<InvalidOperationException>(() => SignInLimits.From(Authentication(new()
        {
            ["Authentication:SignIn:IdleMinutes"] = idleMinutes,
            ["Authentication:SignIn:AbsoluteHours"] = absoluteHours,
        })));

    [Fact]
    public void The_limits_default_to_fifteen_idle_minutes_and_ten_hours_R_ADR_31() =>
        Assert.Equal(new SignInLimits(TimeSpan.FromMinutes(15), TimeSpan.FromHours(10)), SignInLimits.From(Authentication([])));
}
