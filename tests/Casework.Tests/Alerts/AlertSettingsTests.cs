using Casework.Alerts;
using Microsoft.Extensions.Configuration;

namespace Casework.Tests.Alerts;

/// <summary>
/// ADR 37: a school whose alert channel is configured wrongly stops the service's start, naming the setting to fix,
/// rather than leave every alert of that school failing in the dead letters where the admin's list cannot show why.
/// </summary>
public sealed class AlertSettingsTests
{
    private static AlertSettings With(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Theory]
    [InlineData("Casework:Alerts:Schools:clarendon:Webhook:Url", "https://hooks.example/casework", "Casework:Alerts:Schools:clarendon:Webhook:Secret")]
    [InlineData("Casework:Alerts:Schools:clarendon:Webhook:Url", "not a url", "Casework:Alerts:Schools:clarendon:Webhook:Url")]
    [InlineData("Casework:Alerts:Default:Webhook:Url", "ftp://hooks.example/", "Casework:Alerts:Default:Webhook:Url")]
    [InlineData("Casework:Alerts:Schools:clarendon:Smtp:Host", "smtp.example", "Casework:Alerts:Schools:clarendon:Smtp:From")]
    public void A_misconfigured_channel_is_refused_at_start_naming_its_setting(string key, string value, string named)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => With((key, value)).Check());
        Assert.Contains(named, refused.Message);
    }

    [Theory]
    [InlineData("Port", "smtp", "Casework:Alerts:Schools:rainow:Smtp:Port")]
    [InlineData("Port", "70000", "Casework:Alerts:Schools:rainow:Smtp:Port")]
    [InlineData("Security", "Sometimes", "Casework:Alerts:Schools:rainow:Smtp:Security")]
    public void A_bad_smtp_port_or_security_is_refused_at_start_naming_its_setting(string setting, string value, string named)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => With(
            ("Casework:Alerts:Schools:rainow:Smtp:Host", "smtp.example"),
            ("Casework:Alerts:Schools:rainow:Smtp:From", "alerts@rainow.example"),
            ($"Casework:Alerts:Schools:rainow:Smtp:{setting}", value)).Check());
        Assert.Contains(named, refused.Message);
    }

    [Fact]
    public void Well_formed_channels_and_a_school_with_none_pass_the_check()
    {
        var settings = With(
            ("Casework:Alerts:Default:Smtp:Host", "smtp.trust.example"),
            ("Casework:Alerts:Default:Smtp:From", "alerts@trust.example"),
            ("Casework:Alerts:Schools:clarendon:Webhook:Url", "https://hooks.example/casework"),
            ("Casework:Alerts:Schools:clarendon:Webhook:Secret", "s3cret"),
            ("Casework:Alerts:Schools:clarendon:Smtp:Port", "2525"),
            ("Casework:Alerts:Schools:clarendon:Smtp:Security", "none"));
        settings.Check();
        Assert.Equal(2525, settings.Smtp("clarendon")!.Port);
        Assert.Equal("smtp.trust.example", settings.Smtp("rainow")!.Host);
        Assert.Null(settings.Webhook("rainow"));
    }
}
