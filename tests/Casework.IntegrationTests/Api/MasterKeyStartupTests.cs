using Alba;
using Microsoft.AspNetCore.Hosting;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// ADR 28: outside Development the master key is a mounted file. A service started without one could open no case and
/// would answer every case request with a 500; it refuses to start instead, naming the setting an operator must set.
/// </summary>
public sealed class MasterKeyStartupTests
{
    [Fact]
    public async Task A_service_outside_development_without_its_master_key_refuses_to_start_naming_the_setting_ADR_28()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await AlbaHost.For<Program>(builder =>
            {
                builder.UseEnvironment("Production");
                builder.UseSetting("ConnectionStrings:Casework", TestDatabase.ServiceConnectionString);
                builder.UseSetting("Casework:Schema", TestDatabase.NewSchema("nokey"));
                builder.UseSetting("Casework:ErasureLogFile", Path.Combine(Path.GetTempPath(), $"casework-erasures-{Guid.NewGuid():N}"));
                builder.UseSetting("Authentication:Issuer", "https://issuer.example");
                builder.UseSetting("Authentication:Audience", "casework");
                builder.UseSetting("Authentication:Keys:0:Kid", "k1");
                builder.UseSetting("Authentication:Keys:0:Pem", System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem());
            });
        });
        Assert.Contains("Casework:MasterKeyFile", Flatten(refused));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
