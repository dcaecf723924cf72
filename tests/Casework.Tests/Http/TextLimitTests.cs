using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Casework.Cases;
using Casework.Concerns;
using Casework.Directory;
using Casework.Http;
using static Casework.Tests.Http.RequestReading;

namespace Casework.Tests.Http;

/// <summary>
/// Every text a request holds has a limit, and one character more is a 400 naming the field (API.md
/// "Errors": never an unbounded text, never a 500). Proved over every request type by reflection, so a
/// new request or field is covered, or fails here, without anyone remembering to add a test.
/// </summary>
public class TextLimitTests
{
    /// <summary>Every body the API reads: the case requests and the directory's.</summary>
    public static IReadOnlyList<Type> RequestTypes { get; } =
    [
        .. typeof(ICaseRequest).Assembly.GetTypes().Where(t => !t.IsAbstract && !t.IsInterface && (typeof(ICaseRequest).IsAssignableFrom(t)
            || t.Namespace == typeof(PupilRequest).Namespace && t.Name.EndsWith("Request", StringComparison.Ordinal))).OrderBy(t => t.FullName),
    ];

    /// <summary>A text field of a request: its path as a 400 names it ("where.url", "pupils[0].name").</summary>
    public sealed record TextField(Type Request, string Path, JsonPropertyInfo Property)
    {
        public int Limit => TextLimits.Of(Property)!.Value;

        public bool IsList => TextLimits.IsTextList(Property.PropertyType);

        public override string ToString() => $"{RequestExamples.SchemaId(Request)}: {Path}";
    }

    /// <summary>Every text in every request, through nested records and the records in lists; fails on a field that might hide text.</summary>
    public static IReadOnlyList<TextField> TextFields { get; } = [.. RequestTypes.SelectMany(t => Texts(t, t, ""))];

    private static IEnumerable<TextField> Texts(Type request, Type type, string path)
    {
        foreach (var property in CaseworkJson.Options.GetTypeInfo(type).Properties)
        {
            var here = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            var item = property.PropertyType == typeof(string) ? null : property.PropertyType.GetInterfaces().Append(property.PropertyType)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            var (inner, innerPath) = item is null ? (property.PropertyType, here) : (item, here + "[0]");
            if (TextLimits.Of(property) is not null)
            {
                yield return new TextField(request, here, property);
            }
            else if (CaseworkJson.Options.GetTypeInfo(inner).Kind == JsonTypeInfoKind.Object)
            {
                foreach (var text in Texts(request, inner, innerPath))
                {
                    yield return text;
                }
            }
            else
            {
                // Numbers, instants, ids, enums and flags: anything else might hold text the limits do not see.
                Assert.True(inner.IsValueType, $"{request.FullName}: {here} is a {inner.Name}; say how long its text may be");
            }
        }
    }

    public static TheoryData<string> Fields => [.. TextFields.Select(f => f.ToString())];

    private static TextField Field(string name) => TextFields.Single(f => f.ToString() == name);

    [Fact]
    public void The_requests_and_their_texts_are_all_found()
    {
        Assert.Contains(typeof(ReportConcern.Request), RequestTypes);
        Assert.Contains(typeof(StaffMemberRequest), RequestTypes);
        Assert.Contains(typeof(ParentRequest), RequestTypes);
        Assert.DoesNotContain(typeof(DirectoryPage<PupilRequest>), RequestTypes);
        Assert.Contains(TextFields, f => f.Request == typeof(ReportConcern.Request) && f.Path == "where.url");
        Assert.Contains(TextFields, f => f.Request == typeof(RecordMeeting.Request) && f.Path == "attendees");
        Assert.Contains(TextFields, f => f.Request == typeof(PupilRequest) && f.Path == "name");
    }

    [Fact]
    public void Every_text_in_every_request_says_its_limit_beside_it()
    {
        // The default catches a text someone forgot; in the requests the choice is written down.
        var unsaid = TextFields.Where(f => TextLimits.DeclaredOn(f.Property) is null).ToList();

        Assert.True(unsaid.Count == 0, "give these a [TextLimit]:\n" + string.Join("\n", unsaid));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Every_text_in_every_request_holds_its_limit_and_refuses_one_character_more_naming_the_field(string name)
    {
        var field = Field(name);
        var named = field.IsList ? field.Path + "[0]" : field.Path;

        Accepted(field.Request, With(field, new string('a', field.Limit)));
        Refused(field.Request, With(field, new string('a', field.Limit + 1)), named, $"At most {field.Limit:N0} characters.");
    }

    // The request's example with the field (or a list's first item) set to the text.
    private static JsonObject With(TextField field, string text)
    {
        var body = Example(field.Request);
        JsonNode node = body;
        var steps = field.Path.Split('.');
        foreach (var step in steps[..^1])
        {
            var list = step.EndsWith("[0]", StringComparison.Ordinal);
            var next = node[list ? step[..^3] : step];
            Assert.True(next is JsonObject || next is JsonArray { Count: > 0 }, $"{field}: give the example a value for {step} so its texts are tested");
            node = list ? next![0]! : next!;
        }
        node[steps[^1]] = field.IsList ? new JsonArray(text) : text;
        return body;
    }

    // ---------------------------------------------------------------- each kind of limit, at the edge

    [Fact]
    public void An_account_holds_20000_characters_and_refuses_20001()
    {
        var report = typeof(ReportConcern.Request);

        Assert.Equal(20_000, TextLimits.Words);
        Accepted(report, Changed(report, "account", new string('a', 20_000)));
        Refused(report, Changed(report, "account", new string('a', 20_001)), "account", "At most 20,000 characters.");
    }

    [Fact]
    public void A_name_holds_200_characters_and_refuses_201()
    {
        var staff = typeof(StaffMemberRequest);

        Assert.Equal(200, TextLimits.Name);
        Accepted(staff, Changed(staff, "name", new string('a', 200)));
        Refused(staff, Changed(staff, "name", new string('a', 201)), "name", "At most 200 characters.");
    }

    [Fact]
    public void A_url_holds_2000_characters_and_refuses_2001()
    {
        var removal = typeof(RequestContentRemoval.Request);

        Assert.Equal(2_000, TextLimits.Url);
        Accepted(removal, Changed(removal, "url", new string('a', 2_000)));
        Refused(removal, Changed(removal, "url", new string('a', 2_001)), "url", "At most 2,000 characters.");
    }

    [Fact]
    public void A_url_nested_in_a_place_is_refused_by_its_path()
    {
        var body = Example(typeof(ReportConcern.Request));
        body["where"]!["url"] = "https://example.org/" + new string('a', 2_000);

        Refused(typeof(ReportConcern.Request), body, "where.url", "At most 2,000 characters.");
    }

    [Fact]
    public void Each_attendee_of_a_meeting_is_a_name_refused_by_its_place_in_the_list()
    {
        var body = Example(typeof(RecordMeeting.Request));
        body["attendees"] = new JsonArray("Dana Lead (DSL)", new string('a', 201));

        Refused(typeof(RecordMeeting.Request), body, "attendees[1]", "At most 200 characters.");
    }

    [Fact]
    public void Characters_are_counted_as_openapi_counts_them_not_as_utf16_halves()
    {
        // 200 emoji are 400 UTF-16 code units but 200 characters to a client checking maxLength.
        Accepted(typeof(StaffMemberRequest), new JsonObject { ["name"] = string.Concat(Enumerable.Repeat("🙂", 200)), ["roles"] = new JsonArray("staff") });
        Refused(typeof(StaffMemberRequest), new JsonObject { ["name"] = string.Concat(Enumerable.Repeat("🙂", 201)), ["roles"] = new JsonArray("staff") },
            "name", "At most 200 characters.");
    }

    [Fact]
    public void A_nul_character_is_still_refused_within_the_limit() =>
        Refused(typeof(ReportConcern.Request), Changed(typeof(ReportConcern.Request), "account", "Mess\0ages."),
            "account", "Text may not contain the NUL character (U+0000).");

    [Fact]
    public void Stored_events_are_read_without_limits()
    {
        // History is what it is: an event stored before a limit existed must still read.
        var stored = new ConcernReported(Guid.NewGuid(), DateTimeOffset.UnixEpoch, [], ConcernCategory.Cyberbullying, new string('a', 50_000),
            new Place(new string('p', 5_000), null, new string('u', 5_000)), DateTimeOffset.UnixEpoch, null);

        var json = System.Text.Json.JsonSerializer.Serialize(stored, CaseworkJson.Stored);

        Assert.Equal(stored, System.Text.Json.JsonSerializer.Deserialize<ConcernReported>(json, CaseworkJson.Stored));
    }

    [Fact]
    public void Responses_are_written_whatever_their_length()
    {
        var place = new Place(new string('p', 5_000), null, null);

        Assert.Contains(place.Description!, System.Text.Json.JsonSerializer.Serialize(place, CaseworkJson.Options));
    }

    // The request's example with one field changed.
    private static JsonObject Changed(Type request, string field, string text)
    {
        var body = Example(request);
        body[field] = text;
        return body;
    }

    // ---------------------------------------------------------------- where the limit is written, and the default

    /// <summary>A stand-in for a request: limits on parameters and on properties, at the top and nested, in lists, and none.</summary>
    public sealed record Probe(
        [TextLimit(5)] string OnParameter,
        [property: TextLimit(5)] string OnProperty,
        string Unmarked,
        ProbePart Part,
        [TextLimit(5)] ValueList<string> Tags,
        ValueList<string> UnmarkedTags,
        ValueList<ProbePart> Parts,
        [TextLimit(5)] string? Optional = null);

    public sealed record ProbePart([TextLimit(5)] string OnParameter, [property: TextLimit(5)] string OnProperty, string? Unmarked = null);

    /// <summary>Read through setters rather than a constructor.</summary>
    public sealed class SettableProbe
    {
        [TextLimit(5)]
        public string Name { get; init; } = "";

        public string Unmarked { get; init; } = "";
    }

    private static JsonObject ValidProbe() => new()
    {
        ["onParameter"] = "12345",
        ["onProperty"] = "12345",
        ["unmarked"] = new string('a', TextLimits.Default),
        ["part"] = new JsonObject { ["onParameter"] = "12345", ["onProperty"] = "12345", ["unmarked"] = new string('a', TextLimits.Default) },
        ["tags"] = new JsonArray("12345", "12345"),
        ["unmarkedTags"] = new JsonArray(new string('a', TextLimits.Default)),
        ["parts"] = new JsonArray(new JsonObject { ["onParameter"] = "12345", ["onProperty"] = "12345" }),
        ["optional"] = "12345",
    };

    [Fact]
    public void A_probe_at_every_limit_is_accepted() => Accepted(typeof(Probe), ValidProbe());

    public static TheoryData<string, string, string> OverLimit => new()
    {
        { "a limit on the parameter", "onParameter", "onParameter" },
        { "a limit on the property", "onProperty", "onProperty" },
        { "an optional text", "optional", "optional" },
        { "no limit written: the default", "unmarked", "unmarked" },
        { "nested, on the parameter", "part.onParameter", "part.onParameter" },
        { "nested, on the property", "part.onProperty", "part.onProperty" },
        { "nested, no limit written", "part.unmarked", "part.unmarked" },
        { "an item of a list of texts", "tags[1]", "tags[1]" },
        { "an item of a list of texts with no limit written", "unmarkedTags[0]", "unmarkedTags[0]" },
    };

    [Theory]
    [MemberData(nameof(OverLimit))]
    public void One_character_over_the_limit_is_refused_naming_the_field(string where, string path, string field)
    {
        Assert.False(string.IsNullOrEmpty(where));
        var body = ValidProbe();
        var limit = path.Contains("nmarked", StringComparison.Ordinal) ? TextLimits.Default : 5;
        Lengthen(body, path, limit + 1);

        Refused(typeof(Probe), body, field, $"At most {limit:N0} characters.");
    }

    [Fact]
    public void A_text_in_a_record_in_a_list_is_refused_naming_its_place()
    {
        // The list reads its items in a nested call that keeps the path but not the message (ValueList's converter).
        var body = ValidProbe();
        body["parts"]![0]!["onProperty"] = "123456";

        Assert.Equal("parts[0].onProperty", Refusal(typeof(Probe), body)?.Field);
    }

    [Fact]
    public void A_limit_holds_when_the_record_is_read_through_its_setters()
    {
        Accepted(typeof(SettableProbe), new JsonObject { ["name"] = "12345", ["unmarked"] = new string('a', TextLimits.Default) });
        Refused(typeof(SettableProbe), new JsonObject { ["name"] = "123456" }, "name", "At most 5 characters.");
        Refused(typeof(SettableProbe), new JsonObject { ["unmarked"] = new string('a', TextLimits.Default + 1) }, "unmarked", "At most 2,000 characters.");
    }

    private static void Lengthen(JsonObject body, string path, int length)
    {
        var steps = path.Split('.');
        var node = steps[..^1].Aggregate((JsonNode)body, (n, step) => n[step]!);
        var last = steps[^1];
        if (last.EndsWith(']'))
        {
            node[last[..last.IndexOf('[')]]![int.Parse(last[(last.IndexOf('[') + 1)..^1])] = new string('a', length);
        }
        else
        {
            node[last] = new string('a', length);
        }
    }
}
