using Casework.Calendar;
using Casework.Cases;
using Casework.Http;

namespace Casework.Concerns;

/// <summary>
/// The DSL assesses a nudes case against the UKCIS criteria (R9). Whether a pupil was under 13 is not
/// left to judgement: it is worked out from the directory's dates of birth on the day it happened.
/// </summary>
public sealed record AssessNudesSharing(Actor Actor, DateTimeOffset Now, ValueList<UkcisCriterion> CriteriaMet, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.AssessUkcisCriteria;

    /// <summary>Which UKCIS criteria hold, in the DSL's judgement, and why (R9). A pupil under 13 is worked out, not asked.</summary>
    public sealed record Request(ValueList<UkcisCriterion> CriteriaMet, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(
            [UkcisCriterion.CoercionBlackmailOrGrooming],
            "The older pupil asked for the image repeatedly over a week and said he would tell her friends she was frigid if she did not send one.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AssessNudesSharing(actor, now, CriteriaMet, Rationale);
    }

    internal static Refusal? Check(Concern.State state) =>
        state.Category == ConcernCategory.SharingNudes ? null
        : Refusal.Broken("R9", "The UKCIS criteria apply only to the sharing of nudes or semi-nudes.");

    internal IReadOnlyList<object> Decide(Concern.State state, CaseContext context)
    {
        Require.Rationale(Rationale, "The UKCIS assessment");
        var day = WorkingDayCalendar.LocalDate(state.OccurredAt);
        // A pupil in the imagery or the sharing, not a witness to it.
        var underThirteen = state.Pupils.Any(p => p.Role != PupilRole.Witness
            && context.Pupils.TryGetValue(p.PupilId, out var pupil) && pupil.AgeOn(day) < 13);
        var criteria = CriteriaMet.Where(c => c != UkcisCriterion.PupilUnderThirteen);
        var assessed = new NudesSharingAssessed(
            ValueList.From((underThirteen ? criteria.Append(UkcisCriterion.PupilUnderThirteen) : criteria).Distinct().Order()),
            Rationale);
        return assessed == state.Ukcis ? [] : [assessed];
    }
}
