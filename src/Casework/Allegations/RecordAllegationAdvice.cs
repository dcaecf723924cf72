using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>
/// Record advice from the LADO (manager or LADO liaison) or from HR (manager). R7 needs one before investigating
/// unsuitable material. R14: advice is identified by who gave it, when and what it says (<paramref name="AdviceId"/>),
/// so the same advice sent again records nothing and different advice is recorded.
/// </summary>
public sealed record RecordAllegationAdvice(Actor Actor, DateTimeOffset Now, AdviceSource From, string Advice, DateTimeOffset OccurredAt, Guid AdviceId) : ICaseCommand
{
    public RecordAllegationAdvice(Actor actor, DateTimeOffset now, AdviceSource from, string advice, DateTimeOffset occurredAt)
        : this(actor, now, from, advice, occurredAt, IdOf(from, advice, occurredAt))
    {
    }

    /// <summary>The identity of a piece of advice: the same source, instant and words are the same advice.</summary>
    public static Guid IdOf(AdviceSource from, string advice, DateTimeOffset occurredAt) =>
        CaseService.DerivedId($"advice|{from}|{occurredAt.UtcTicks}|{advice}");

    public CaseAction Action => From == AdviceSource.Lado ? CaseAction.RecordLadoAdvice : CaseAction.RecordHrAdvice;

    /// <summary>The LADO's advice and when it was given (route <c>record-lado-advice</c>).</summary>
    public sealed record LadoRequest([TextLimit(TextLimits.Words)] string Advice, DateTimeOffset OccurredAt) : ICaseRequest
    {
        public static LadoRequest Example { get; } = new(
            "Do not tell the teacher yet; police to be consulted at a strategy discussion on Monday. Keep the pupil away from his lessons meanwhile.",
            DateTimeOffset.Parse("2026-11-19T14:00:00+00:00"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordAllegationAdvice(actor, now, AdviceSource.Lado, Advice, OccurredAt);
    }

    /// <summary>HR's advice and when it was given (route <c>record-hr-advice</c>).</summary>
    public sealed record HrRequest([TextLimit(TextLimits.Words)] string Advice, DateTimeOffset OccurredAt) : ICaseRequest
    {
        public static HrRequest Example { get; } = new(
            "Interview the teacher with a union representative present; suspension is not warranted on what is known so far.",
            DateTimeOffset.Parse("2026-11-19T14:00:00+00:00"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordAllegationAdvice(actor, now, AdviceSource.Hr, Advice, OccurredAt);
    }

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.Text(Advice, "R7", "Write down the advice given.");
        Require.NotInFuture(OccurredAt, Now, "the advice was given");
        return file.UsedIds.Contains(AdviceId) ? [] : [new AllegationAdviceRecorded(From, Advice, OccurredAt, AdviceId)];
    }
}
