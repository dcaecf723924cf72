using Casework.Cases;
using Casework.Concerns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Casework.Tests.Cases;

/// <summary>ADR 47: content stored plain, for the benchmark that measures what sealing costs, in Development only.</summary>
public class PlainContentForBenchmarksTests
{
    private static bool StoresPlain(string environment, string? value) => ContentKeysSetup.StoresPlain(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ContentKeys.StorePlainKey] = value }).Build(),
        new HostingEnvironment { EnvironmentName = environment });

    [Theory]
    [InlineData("Development", null)]
    [InlineData("Development", "false")]
    [InlineData("Production", null)]
    public void ADR_47_without_the_setting_content_is_sealed(string environment, string? value) =>
        Assert.False(StoresPlain(environment, value));

    [Fact]
    public void ADR_47_in_development_the_setting_stores_content_plain() =>
        Assert.True(StoresPlain("Development", "true"));

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void ADR_47_outside_development_the_service_refuses_to_start_with_it(string environment)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => StoresPlain(environment, "true"));

        Assert.Contains(ContentKeys.StorePlainKey, refused.Message);
        Assert.Contains(environment, refused.Message);
    }

    [Fact]
    public void ADR_47_a_plain_case_stores_its_events_as_they_are_and_reads_as_a_case_from_before_sealing()
    {
        var caseId = Guid.NewGuid();
        var reported = new ConcernReported(Guid.NewGuid(), DateTimeOffset.UtcNow, [], ConcernCategory.Cyberbullying,
            "Messages in a class group chat telling her to leave the school.", null, DateTimeOffset.UtcNow, null);

        var stored = ContentCipher.Plain("school-a", caseId).Seal(reported);

        Assert.Same(reported, stored);
        Assert.Equal("Messages in a class group chat telling her to leave the school.",
            ((ConcernReported)ContentCipher.Keyless("school-a", caseId).Open(stored)).Account);
    }
}
