using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>A step of the investigation. Not before the police and LADO know of indecent images (R6), nor before advice on unsuitable material (R7).</summary>
public sealed record RecordInvestigationStep(Actor Actor, DateTimeOffset Now, Guid StepId, string Step, DateTimeOffset OccurredAt) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordInvestigationStep;

    /// <summary>What was done in the investigation and when.</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Step, DateTimeOffset OccurredAt) : ICaseRequest
    {
        public static Request Example { get; } = new(
            "Interviewed the teacher with his union representative; he accepts sending the messages and says they were about homework.",
            DateTimeOffset.Parse("2026-11-20T13:00:00+00:00"));

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) =>
            new RecordInvestigationStep(actor, now, Guid.CreateVersion7(now), Step, OccurredAt);
    }

    internal static Refusal? Check(Allegation.State state) =>
        state.UnsuitableMaterial && state.Advice.IsEmpty
            ? Refusal.Broken("R7", "Unsuitable material was found: record advice from HR or the LADO before any investigation step.")
            : null;

    internal IReadOnlyList<object> Decide(SharedState file)
    {
        Require.Text(Step, "R3", "Describe the investigation step.");
        Require.NotInFuture(OccurredAt, Now, "of the step");
        return file.UsedIds.Contains(StepId) ? [] : [new InvestigationStepRecorded(StepId, Step, OccurredAt)];
    }
}
