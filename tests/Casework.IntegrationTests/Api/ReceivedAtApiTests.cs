using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using static Casework.IntegrationTests.Api.CaseClient;

namespace Casework.IntegrationTests.Api;

/// <summary>A report says when the school was told (receivedAt); deadlines count from it, the record keeps when it was recorded.</summary>
[Collection(ApiSuite.Name)]
public sealed class ReceivedAtApiTests(ApiFixture api)
{
    private HttpClient Head => api.ClientFor(School.Headteacher, ["headteacher", "staff"]);

    private HttpClient Teacher => api.ClientFor(School.Teacher, "staff");

    private static DateTimeOffset Whole(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, at.Offset);

    private static ReportAllegation.Request Allegation(DateTimeOffset occurredAt, DateTimeOffset? receivedAt) =>
        ReportAllegation.Request.Example with { SubjectId = School.OtherTeacher, NewSubject = null, OccurredAt = occurredAt, ReceivedAt = receivedAt };

    [Fact]
    public async Task R5_an_allegation_phoned_in_earlier_has_its_deadlines_counted_from_then_and_is_recorded_now()
    {
        var told = Whole(DateTimeOffset.UtcNow.AddDays(-3));
        var reported = await Report(Teacher, "/api/allegations", Allegation(told.AddHours(-2), told));

        var view = await Get(Head, reported.Id);
        Assert.Equal(told, view.ReportedAt);
        Assert.Equal(told, view.Report.GetProperty("receivedAt").GetDateTimeOffset());
        var assessment = Assert.Single(view.Deadlines!, d => d.Name == DeadlineNames.HarmThresholdAssessment);
        Assert.Equal(WorkingDayCalendar.EnglandAndWales.AddWorkingDays(told, 1), assessment.Due);
        var recorded = (await Timeline(Head, reported.Id))[0].RecordedAt;
        Assert.True(recorded > DateTimeOffset.UtcNow.AddMinutes(-5), $"recorded at {recorded}, not now");
    }

    [Fact]
    public async Task R1_without_received_at_the_school_was_told_when_it_was_recorded()
    {
        DateTimeOffset recorded;
        CaseView reported;
        using (api.Clock.Hold())
        {
            recorded = api.Clock.GetUtcNow();
            reported = await Report(Teacher, "/api/allegations", Allegation(HoursAgo(3), null));
        }

        Assert.Equal(recorded, reported.ReportedAt);
    }

    [Fact]
    public async Task R1_received_at_in_the_future_is_refused() =>
        await ReportRefused(Teacher, "/api/allegations", Allegation(HoursAgo(3), DateTimeOffset.UtcNow.AddHours(1)), "R1");

    [Fact]
    public async Task R1_received_at_before_it_happened_is_refused() =>
        await ReportRefused(Teacher, "/api/concerns", new
        {
            pupils = new[] { new { pupilId = School.Year8Pupil, role = "victim" } },
            category = "other",
            account = "She said her stepfather hit her.",
            occurredAt = HoursAgo(3),
            receivedAt = HoursAgo(4),
        }, "R1");
}
