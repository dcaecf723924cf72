using Casework.Allegations;
using Casework.Cases;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Allegations;

public class HeadteacherAllegationTests
{
    /// <summary>Clarendon §8: concerns about the headteacher go to the chair of governors; the head neither sees nor acts.</summary>
    [Fact]
    public void Scenario_Clarendon_allegation_about_the_headteacher()
    {
        var chair = As(Chair);
        var story = Spec.Allegation.Do(new ReportAllegation(As(Teacher), Now, Head, "The head sent a pupil private messages on social media.", Earlier, false, false));

        Assert.False(Allegation.CanRead(story.State, As(Head)));
        Assert.Equal(CaseVisibility.OwnReport, Allegation.Visibility(story.State, As(Teacher)));
        Assert.Equal(CaseVisibility.Full, Allegation.Visibility(story.State, chair));
        Assert.Empty(Allegation.AllowedActions(story.State, As(Head), Context, Now));
        story.When(new AssessHarmThreshold(As(Head), Now, [], "Nothing in it.")).ThenForbids("R4");

        story = story
            .Do(new AssessHarmThreshold(chair, Now, [HarmLimb.BehaviourIndicatingRiskOfHarm], "Private contact with a pupil suggests grooming risk."))
            .Do(new ReferAllegationToLado(chair, Now, "Chair referred to LADO.", "LADO-5", Now));

        Assert.True(Allegation.CanRead(story.State, As(Lado)));
        story = story
            .Do(new RecordAllegationAdvice(As(Lado), Now, AdviceSource.Lado, "Investigate under the trust's procedure.", Now))
            .Do(new RecordInvestigationStep(chair, Now, Id(1), "Messages obtained from the pupil's parent.", Now))
            .Do(new RecordAllegationOutcome(As(Lado), Now, AllegationOutcome.Unsubstantiated, "Messages were about homework."));

        story.When(new CloseCase(As(Head), Now, "Done.", "Done.")).ThenForbids("R4");
        story = story.Do(new CloseCase(chair, Now, "Unsubstantiated.", "Messages were about homework; advice on channels given."));
        Assert.False(Allegation.CanRead(story.State, As(Head)));
        Assert.True(Allegation.CanRead(story.State, As(Auditor)));
    }
}
