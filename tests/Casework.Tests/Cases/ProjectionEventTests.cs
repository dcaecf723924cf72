using Casework.Cases;
using Casework.Concerns;
using Casework.Directory;
using Casework.Registers;

namespace Casework.Tests.Cases;

/// <summary>
/// Issue 14 item 3: each inline projection declares the events of its own streams, so Marten applies it to those
/// streams only: a case command loads no person document by the case's id, a directory change no case document by
/// the person's id.
/// </summary>
public class ProjectionEventTests
{
    [Fact]
    public void The_case_projection_takes_every_case_event_and_no_directory_event()
    {
        var projection = new CaseRecordProjection();
        Assert.All(EventCatalog.Cases, e => Assert.True(projection.AppliesTo([e.Type]), e.Name));
        Assert.All(EventCatalog.Directory, e => Assert.False(projection.AppliesTo([e.Type]), e.Name));
    }

    [Fact]
    public void The_directory_projection_takes_every_directory_event_and_no_case_event()
    {
        var projection = new PersonProjection();
        Assert.All(EventCatalog.Directory, e => Assert.True(projection.AppliesTo([e.Type]), e.Name));
        Assert.All(EventCatalog.Cases, e => Assert.False(projection.AppliesTo([e.Type]), e.Name));
    }

    [Fact]
    public void Every_event_belongs_to_the_cases_the_directory_or_the_school_settings_and_the_directory_has_its_nine()
    {
        Assert.Equal(9, EventCatalog.Directory.Count);
        Assert.Equal(3, EventCatalog.School.Count);
        Assert.Equal(EventCatalog.All.Count, EventCatalog.Cases.Count + EventCatalog.Directory.Count + EventCatalog.School.Count);
        // ADR 32: a case records the settings it is under, so the case projection folds that event; the settings' own stream is folded when read.
        Assert.Contains(EventCatalog.Cases, e => e.Type == typeof(SchoolPolicyApplied));
        Assert.All(EventCatalog.School, e => Assert.False(new CaseRecordProjection().AppliesTo([e.Type]), e.Name));
    }

    [Fact]
    public void The_register_columns_follow_the_state_through_a_fold_and_equality_ignores_the_cache()
    {
        var reported = new ConcernReported(TestSchool.Teacher, TestSchool.Earlier, [new PupilInvolved(TestSchool.Year6Pupil, PupilRole.Victim)],
            ConcernCategory.Cyberbullying, "a", null, TestSchool.Earlier, TestSchool.Teacher);
        var opened = CaseRecord.Append(null, Guid.NewGuid(), 0, [reported])!;
        Assert.Contains(CaseRegisters.DslQueue, opened.Registers);
        var triaged = CaseRecord.Fold(opened, opened.Id, 2, new CaseTriaged(RiskLevel.Low, "r"))!;
        Assert.DoesNotContain(CaseRegisters.DslQueue, triaged.Registers);
        Assert.Contains(CaseRegisters.DslQueue, opened.Registers);
        Assert.Equal(opened, opened with { });
        Assert.Equal(opened, opened with { Case = opened.Case });
    }
}
