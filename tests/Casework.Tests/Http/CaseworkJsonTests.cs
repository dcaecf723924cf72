using Casework.Cases;
using Casework.Concerns;
using Casework.Directory;
using static Casework.Tests.Http.RequestReading;

namespace Casework.Tests.Http;

/// <summary>A property sent twice is refused, naming it: the API never picks one of two values silently.</summary>
public class CaseworkJsonTests
{
    private const string Pupil = "b0000000-0000-4000-8000-000000000002";

    private const string Twice = "This field appears twice.";

    public static TheoryData<string, Type, string, string> Duplicates => new()
    {
        { "at the top", typeof(TriageCase.Request), """{"risk":"high","risk":"low","rationale":"Because."}""", "risk" },
        { "the same value twice", typeof(TriageCase.Request), """{"risk":"low","rationale":"Because.","rationale":"Because."}""", "rationale" },
        { "nested", typeof(ReportConcern.Request),
            "{\"pupils\":[{\"pupilId\":\"" + Pupil + "\",\"role\":\"victim\"}],\"category\":\"cyberbullying\",\"account\":\"Messages.\"," +
            "\"occurredAt\":\"2025-01-01T09:00:00Z\",\"where\":{\"description\":\"Chat\",\"url\":\"https://a\",\"url\":\"https://b\"}}", "where.url" },
        { "in a list item", typeof(ReportConcern.Request),
            "{\"pupils\":[{\"pupilId\":\"" + Pupil + "\",\"role\":\"victim\",\"role\":\"witness\"}],\"category\":\"cyberbullying\"," +
            "\"account\":\"Messages.\",\"occurredAt\":\"2025-01-01T09:00:00Z\"}", "pupils[0].role" },
        { "in the directory", typeof(StaffMemberRequest), """{"name":"Sam","roles":["staff"],"name":"Samuel"}""", "name" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public void A_property_sent_twice_is_refused_naming_it(string where, Type request, string body, string field)
    {
        Assert.False(string.IsNullOrEmpty(where));

        Assert.Equal((field, Twice), Refusal(request, body));
    }

    [Fact]
    public void A_property_sent_again_in_another_case_is_sent_twice() =>
        // Names are read case-insensitively (web defaults), so "Risk" after "risk" would overwrite it: refused, named as sent.
        Assert.Equal(("Risk", Twice), Refusal(typeof(TriageCase.Request), """{"risk":"high","Risk":"low","rationale":"Because."}"""));
}
