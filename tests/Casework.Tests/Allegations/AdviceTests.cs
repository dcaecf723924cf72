using Casework.Allegations;
using static Casework.Tests.TestSchool;
using static Casework.Tests.Allegations.AllegationTests;

namespace Casework.Tests.Allegations;

/// <summary>R14 for advice from the LADO and HR: each piece of advice has an identity, so a retry records nothing new.</summary>
public class AdviceTests
{
    private static RecordAllegationAdvice LadoAdvice(string advice, DateTimeOffset at) => new(As(Lado), Now, AdviceSource.Lado, advice, at);

    private static readonly Spec<Allegation.State> Referred = Spec.Allegation.Given(AboutTeacher, ToHead, Met, AllegationTests.Referred);

    [Fact]
    public void R14_the_same_lado_advice_again_records_nothing() =>
        Referred.Do(LadoAdvice("Strategy meeting on Monday.", Earlier)).When(LadoAdvice("Strategy meeting on Monday.", Earlier)).ThenNothing();

    [Fact]
    public void R14_the_same_hr_advice_again_records_nothing()
    {
        var hr = new RecordAllegationAdvice(As(Head), Now, AdviceSource.Hr, "Interview with a union representative.", Earlier);
        Spec.Allegation.Given(AboutTeacher, ToHead, Met).Do(hr).When(hr).ThenNothing();
    }

    [Fact]
    public void R14_different_advice_is_recorded()
    {
        var advised = Referred.Do(LadoAdvice("Strategy meeting on Monday.", Earlier));

        advised.When(LadoAdvice("Strategy meeting moved to Tuesday.", Earlier)).Then(new AllegationAdviceRecorded(AdviceSource.Lado,
            "Strategy meeting moved to Tuesday.", Earlier, RecordAllegationAdvice.IdOf(AdviceSource.Lado, "Strategy meeting moved to Tuesday.", Earlier)));
        Assert.Single(advised.When(LadoAdvice("Strategy meeting on Monday.", Earlier.AddHours(1))).Events);
        Assert.Single(advised.When(new RecordAllegationAdvice(As(Head), Now, AdviceSource.Hr, "Strategy meeting on Monday.", Earlier)).Events);
    }

    [Fact]
    public void R14_the_identity_of_advice_is_its_source_instant_and_words_whatever_the_offset_it_was_written_with() =>
        Assert.Equal(RecordAllegationAdvice.IdOf(AdviceSource.Lado, "a", Earlier), RecordAllegationAdvice.IdOf(AdviceSource.Lado, "a", Earlier.ToOffset(TimeSpan.FromHours(1))));
}
