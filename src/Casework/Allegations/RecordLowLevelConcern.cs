using Casework.Cases;
using Casework.Http;

namespace Casework.Allegations;

/// <summary>R5: below the harm threshold, the case manager records a low-level concern, with a rationale.</summary>
public sealed record RecordLowLevelConcern(Actor Actor, DateTimeOffset Now, string Summary, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.RecordLowLevelConcern;

    /// <summary>The low-level concern and why it falls below the harm threshold (R5).</summary>
    public sealed record Request([TextLimit(TextLimits.Words)] string Summary, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(
            "Used his personal phone to photograph pupils' work on a trip.",
            "No harm or risk of harm to a child; a breach of the staff code on personal devices, to be raised with him and kept for patterns.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecordLowLevelConcern(actor, now, Summary, Rationale);
    }

    internal static Refusal? Check(Allegation.State state) =>
        state.Threshold?.Met == true ? Refusal.Broken("R5", "The harm threshold is met, so this is not a low-level concern: refer it to the LADO.")
        : state.LowLevelConcern ? Refusal.AlreadyDone
        : null;

    internal IReadOnlyList<object> Decide()
    {
        Require.Text(Summary, "R5", "Summarise the low-level concern.");
        Require.Rationale(Rationale, "A low-level concern");
        return [new LowLevelConcernRecorded(Summary, Rationale)];
    }
}
