using System.ComponentModel.DataAnnotations;
using Casework.Calendar;
using Casework.Cases;
using Casework.Http;

namespace Casework.Concerns;

/// <summary>
/// The DSL assesses a nudes case against the UKCIS criteria (R9), saying whether the imagery, as described (never
/// viewed), involves sexual acts. UKCIS's fourth criterion, sexual acts and a pupil in the imagery under 13, is not
/// left to judgement: the age is worked out from the directory's dates of birth on the day it happened.
/// </summary>
public sealed record AssessNudesSharing(Actor Actor, DateTimeOffset Now, ValueList<UkcisCriterion> CriteriaMet, bool SexualActs, string Rationale) : ICaseCommand
{
    public CaseAction Action => CaseAction.AssessUkcisCriteria;

    /// <summary>
    /// Which UKCIS criteria hold, in the DSL's judgement, whether the imagery as described involves sexual acts,
    /// and why (R9). Sexual acts with a pupil under 13 is worked out, not ticked. The sexual-acts answer is required
    /// (the reader refuses a body without it; <c>Required</c> puts it in the schema): an assessment without it is one
    /// recorded before the question existed (ADR 26).
    /// </summary>
    public sealed record Request(ValueList<UkcisCriterion> CriteriaMet, [property: Required] bool SexualActs, [TextLimit(TextLimits.Words)] string Rationale) : ICaseRequest
    {
        public static Request Example { get; } = new(
            [UkcisCriterion.CoercionBlackmailOrGrooming],
            false,
            "The older pupil asked for the image repeatedly over a week and said he would tell her friends she was frigid if she did not send one.");

        public ICaseCommand ToCommand(Actor actor, DateTimeOffset now) => new AssessNudesSharing(actor, now, CriteriaMet, SexualActs, Rationale);
    }

    internal static Refusal? Check(Concern.State state) =>
        state.Category == ConcernCategory.SharingNudes ? null
        : Refusal.Broken("R9", "The UKCIS criteria apply only to the sharing of nudes or semi-nudes.");

    internal IReadOnlyList<object> Decide(Concern.State state, CaseContext context)
    {
        Require.Rationale(Rationale, "The UKCIS assessment");
        var day = WorkingDayCalendar.LocalDate(state.OccurredAt);
        // UKCIS criterion 4: sexual acts, and a pupil in the imagery or the sharing (not a witness to it) under 13.
        var sexualActsUnderThirteen = SexualActs && state.Pupils.Any(p => p.Role != PupilRole.Witness
            && context.Pupils.TryGetValue(p.PupilId, out var pupil) && pupil.AgeOn(day) < 13);
        var criteria = CriteriaMet.Where(c => c != UkcisCriterion.PupilUnderThirteen);
        var assessed = (NudesSharingAssessed)context.AsStored(new NudesSharingAssessed(
            ValueList.From((sexualActsUnderThirteen ? criteria.Append(UkcisCriterion.PupilUnderThirteen) : criteria).Distinct().Order()),
            SexualActs,
            Rationale));
        return assessed == state.Ukcis ? [] : [assessed];
    }
}
