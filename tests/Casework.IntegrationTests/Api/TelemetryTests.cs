using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Casework.Auth;
using static Casework.IntegrationTests.Api.AuthorizationKit;
using Casework.Cases;

namespace Casework.IntegrationTests.Api;

/// <summary>
/// Telemetry through the OpenTelemetry hosting package: a command is one request span with database spans
/// beneath it, and nothing the service emits (span names, tags, events, log lines) carries case content: not
/// in this test's requests, nor in anything else the shared host emitted before them.
/// </summary>
[Collection(ApiSuite.Name)]
public sealed class TelemetryTests(ApiFixture api)
{
    [Fact]
    public async Task A_command_is_a_request_span_with_database_child_spans_and_no_case_content_anywhere()
    {
        const string account = "Quokka-7781 said the teacher's car was outside the flat";
        const string rationale = "Marmoset-4410 needs a referral today";
        var teacher = api.ClientFor(School.Teacher, Role.Staff.Name());
        var created = await teacher.PostAsJsonAsync("/api/concerns", new
        {
            pupils = new[] { new { pupilId = School.Year8Pupil, role = "victim" } },
            category = "cyberbullying",
            account,
            occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var concern = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var triaged = await api.ClientFor(School.Dsl, Role.Dsl.Name()).SendAsync(Triage(concern, rationale: rationale));
        Assert.Equal(HttpStatusCode.OK, triaged.StatusCode);

        // The host is shared: this test's request is the one triage of its own case.
        var request = await api.Spans.SingleAsync(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == $"/api/cases/{concern}/triage");
        var spans = api.Spans.ToArray();
        var database = spans.Where(s => s.TraceId == request.TraceId && s.Source.Name == "Npgsql").ToList();
        Assert.NotEmpty(database);
        Assert.All(database, s => Assert.True(IsBeneath(s, request, spans), $"{s.DisplayName} is not beneath the request span"));

        foreach (var span in spans)
        {
            var emitted = string.Join("\n", [span.DisplayName, span.StatusDescription ?? "",
                .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
                .. span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}"))]);
            Assert.DoesNotContain("Quokka-7781", emitted);
            Assert.DoesNotContain("Marmoset-4410", emitted);
        }
        api.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var points = api.Metrics.ToArray().SelectMany(m => Points(m).Select(tags => $"{m.Name} {tags}")).ToList();
        Assert.Contains(points, p => p.StartsWith("http.server.request.duration", StringComparison.Ordinal));
        Assert.All(points, point =>
        {
            Assert.DoesNotContain("Quokka-7781", point);
            Assert.DoesNotContain("Marmoset-4410", point);
        });
        Assert.All(api.Logs.Lines, line =>
        {
            Assert.DoesNotContain("Quokka-7781", line);
            Assert.DoesNotContain("Marmoset-4410", line);
        });
    }

    private static IEnumerable<string> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new List<string>();
            foreach (var tag in point.Tags)
            {
                tags.Add($"{tag.Key}={tag.Value}");
            }
            yield return string.Join(",", tags);
        }
    }

    private static bool IsBeneath(Activity span, Activity ancestor, IReadOnlyList<Activity> all)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }
            var next = all.FirstOrDefault(a => a.SpanId == parent);
            if (next is null)
            {
                return false;
            }
            parent = next.ParentSpanId;
        }
        return false;
    }
}
