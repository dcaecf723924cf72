using Casework.Cases;
using Casework.Http;

namespace Casework.Concerns;

/// <summary>
/// The DSL changes a concern's category as more becomes known (R2, with rationale, R3): cyberbullying that
/// turns out to be the sharing of a nude becomes subject to R9 from then on (imagery refused, UKCIS assessment).
/// </summary>
public sealed record RecategoriseConcern(Actor Actor, DateTimeOffset Now, ConcernCategory Category, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.Recategorise;

    /// <summary>The concern's new category and why.</summary>
    public sealed record Request(ConcernCategory Category, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(ConcernCategory.SharingNudes,
            "The messages include a semi-nude image of the pupil that a classmate forwarded to the group.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new RecategoriseConcern(actor, now, Category, Rationale);
    }

    internal IReadOnlyList<object> Decide(Concern.State state)
    {
        Require.Rationale(Rationale, "A change of category");
        ReportConcern.Recorded(state.Case.Policy, Category);
        return Category == state.Category ? [] : [new ConcernRecategorised(state.Category, Category, Rationale)];
    }
}
