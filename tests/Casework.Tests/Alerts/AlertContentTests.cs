using System.Text;
using System.Text.Json;
using Casework.Alerts;
using Microsoft.Extensions.Configuration;

namespace Casework.Tests.Alerts;

/// <summary>What an alert says, by webhook and by e-mail (issue 17, ADR 37): the school, the kind, the rule, the deadline and a link; no case content.</summary>
public sealed class AlertContentTests
{
    private static readonly AlertSettings Settings = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Casework:Alerts:ConsoleUrl"] = "https://casework.example/",
        ["Casework:Alerts:Schools:clarendon:Name"] = "Clarendon Academy",
    }).Build());

    private static readonly Alert Missed = new(Guid.Parse("7a1e0000-0000-4000-8000-000000000017"), "clarendon", Guid.Parse("57a00000-0000-4000-8000-000000000001"),
        "dana@clarendon.sch.uk", AlertKind.DeadlineMissed, "R5", Guid.Parse("ca5e0000-0000-4000-8000-000000000001"),
        new DateTimeOffset(2026, 7, 3, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 7, 3, 16, 0, 5, TimeSpan.Zero));

    [Fact]
    public void An_alert_s_CloudEvent_holds_the_school_kind_rule_deadline_recipient_and_link_only_and_its_id_is_the_alert_s()
    {
        var cloudEvent = JsonDocument.Parse(AlertWebhook.Body(Missed, Settings)).RootElement;

        Assert.Equal(["data", "datacontenttype", "id", "source", "specversion", "time", "type"], cloudEvent.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(Missed.Id, cloudEvent.GetProperty("id").GetGuid());
        Assert.Equal("uk.casework.alert.deadline-missed", cloudEvent.GetProperty("type").GetString());
        var data = cloudEvent.GetProperty("data");
        Assert.Equal(["due", "kind", "link", "recipientId", "rule", "school"], data.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Clarendon Academy", data.GetProperty("school").GetString());
        Assert.Equal("deadline-missed", data.GetProperty("kind").GetString());
        Assert.Equal($"https://casework.example/console/cases/{Missed.CaseId}", data.GetProperty("link").GetString());
    }

    [Fact]
    public void An_alert_s_signature_is_HMAC_SHA256_of_the_exact_body_in_lower_case_hex()
    {
        var body = AlertWebhook.Body(Missed, Settings);
        var key = Encoding.UTF8.GetBytes("key");
        Assert.Equal("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, body)), AlertWebhook.Signature(key, body));
        Assert.NotEqual(AlertWebhook.Signature(key, body), AlertWebhook.Signature(key, [.. body, (byte)' ']));
    }

    [Fact]
    public void An_alert_e_mail_says_the_school_kind_rule_London_deadline_and_link_with_the_alert_id_as_Message_ID_and_names_no_one()
    {
        using var mail = AlertEmail.Message(Missed, Settings, "alerts@clarendon.sch.uk", "dana@clarendon.sch.uk");

        Assert.Equal($"{Missed.Id}@casework", mail.MessageId);
        Assert.Equal("Casework, Clarendon Academy: deadline missed", mail.Subject);
        var text = mail.TextBody;
        // 16:00 UTC on 3 July is 17:00 in London (British Summer Time).
        Assert.Contains("Deadline: Friday 3 July 2026, 17:00 (London time)", text);
        Assert.Contains("Rule: R5", text);
        Assert.Contains($"https://casework.example/console/cases/{Missed.CaseId}", text);
        Assert.DoesNotContain("dana", text + mail.Subject, StringComparison.OrdinalIgnoreCase);
    }
}
