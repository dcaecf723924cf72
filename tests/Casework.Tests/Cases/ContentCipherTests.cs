using System.Security.Cryptography;
using System.Text.Json;
using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.Http;
using Casework.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>ADR 28: personal content sealed per case with AES-GCM, the school and the case bound in as associated data.</summary>
public class ContentCipherTests
{
    private const string Words = "Kestrel-Marmalade said the coach took her phone behind the pavilion.";
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly Guid CaseId = Guid.NewGuid();
    private static readonly ContentCipher Cipher = new(Key, "school-a", CaseId);

    [Fact]
    public void A_sealed_text_opens_to_the_text_it_sealed_and_holds_none_of_its_words()
    {
        var stored = Cipher.Seal(Words);
        Assert.True(ContentCipher.IsSealed(stored));
        Assert.DoesNotContain("Kestrel", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pavilion", stored, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Words, Cipher.Open(stored));
    }

    [Fact]
    public void Tampered_ciphertext_is_refused()
    {
        var stored = Cipher.Seal(Words);
        var bytes = Convert.FromBase64String(stored[ContentCipher.Marker.Length..]);
        foreach (var at in new[] { 0, 12, 28, bytes.Length - 1 }) // nonce, tag, first and last byte of the ciphertext
        {
            var tampered = (byte[])bytes.Clone();
            tampered[at] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => Cipher.Open(ContentCipher.Marker + Convert.ToBase64String(tampered)));
        }
        Assert.ThrowsAny<CryptographicException>(() => Cipher.Open(ContentCipher.Marker + "not base64!"));
        Assert.ThrowsAny<CryptographicException>(() => Cipher.Open(ContentCipher.Marker + Convert.ToBase64String(bytes[..20])));
    }

    [Fact]
    public void Another_data_key_is_refused() =>
        Assert.ThrowsAny<CryptographicException>(() => new ContentCipher(RandomNumberGenerator.GetBytes(32), "school-a", CaseId).Open(Cipher.Seal(Words)));

    [Fact]
    public void A_sealed_text_moved_to_another_case_or_school_is_refused_even_under_the_same_key()
    {
        var stored = Cipher.Seal(Words);
        Assert.ThrowsAny<CryptographicException>(() => new ContentCipher(Key, "school-a", Guid.NewGuid()).Open(stored));
        Assert.ThrowsAny<CryptographicException>(() => new ContentCipher(Key, "school-b", CaseId).Open(stored));
    }

    [Fact]
    public void R14_the_same_text_seals_the_same_in_its_case_and_differently_in_another()
    {
        Assert.Equal(Cipher.Seal(Words), Cipher.Seal(Words));
        Assert.Equal(Cipher.Seal(Words), Cipher.Seal(Cipher.Seal(Words)));
        Assert.NotEqual(Cipher.Seal(Words), Cipher.Seal(Words + "."));
        Assert.NotEqual(Cipher.Seal(Words), new ContentCipher(Key, "school-a", Guid.NewGuid()).Seal(Words));
    }

    [Fact]
    public void A_text_stored_before_content_was_sealed_reads_as_it_is_and_sealed_content_without_its_key_reads_as_erased_ADR_34()
    {
        Assert.Equal(Words, Cipher.Open(Words));
        var keyless = ContentCipher.Keyless("school-a", CaseId);
        Assert.Equal(Words, keyless.Open(Words));
        // A sealed text is made only with a key that is never replaced: without it, the key was deleted (an erasure).
        Assert.Equal(ContentCipher.ErasedText, keyless.Open(Cipher.Seal(Words)));
    }

    [Fact]
    public void An_erased_case_reads_as_erased_in_every_field_of_its_events_and_documents_ADR_34()
    {
        var report = new ConcernReported(Teacher, Earlier, [new PupilInvolved(Year3Pupil, PupilRole.Victim)], ConcernCategory.Cyberbullying, Words,
            new Place("Behind the pavilion", "Snapchat", "https://example.org/post/1"), Earlier, null);
        var stored = Cipher.Seal(report);
        var erased = ContentCipher.Keyless("school-a", CaseId);

        var opened = (ConcernReported)erased.Open(stored);

        Assert.Equal(report with { Account = ContentCipher.ErasedText, Where = report.Where! with { Description = ContentCipher.ErasedText } }, opened);
        var json = erased.Open(JsonSerializer.SerializeToElement(stored, CaseworkJson.Stored));
        Assert.Equal(ContentCipher.ErasedText, json.GetProperty("account").GetString());
        Assert.Equal("https://example.org/post/1", json.GetProperty("where").GetProperty("url").GetString());
    }

    [Fact]
    public void Sealing_an_event_seals_its_personal_content_and_leaves_ids_dates_categories_and_urls_clear()
    {
        var report = new ConcernReported(Teacher, Earlier, [new PupilInvolved(Year3Pupil, PupilRole.Victim)], ConcernCategory.Cyberbullying, Words,
            new Place("Behind the pavilion with Kestrel-Marmalade", "Snapchat", "https://example.org/post/1"), Earlier, null);

        var stored = (ConcernReported)Cipher.Seal(report);

        Assert.True(ContentCipher.IsSealed(stored.Account));
        Assert.True(ContentCipher.IsSealed(stored.Where!.Description));
        Assert.Equal(report with { Account = stored.Account, Where = report.Where! with { Description = stored.Where.Description } }, stored);
        Assert.DoesNotContain("Kestrel", JsonSerializer.Serialize(stored, CaseworkJson.Stored), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(report, Cipher.Open(stored));
        Assert.Equal(report, Cipher.Open(JsonSerializer.Deserialize<ConcernReported>(JsonSerializer.Serialize(stored, CaseworkJson.Stored), CaseworkJson.Stored)!));
    }

    [Fact]
    public void Sealing_names_typed_into_a_list_seals_each_one()
    {
        var meeting = new MeetingHeld(Guid.NewGuid(), Earlier, ["Mrs Kestrel-Marmalade", "PC Pavilion"], "Agreed a safety plan.");
        var stored = (MeetingHeld)Cipher.Seal(meeting);
        Assert.All(stored.Attendees, a => Assert.True(ContentCipher.IsSealed(a)));
        Assert.Equal(meeting, Cipher.Open(stored));
    }

    [Fact]
    public void A_report_as_the_case_document_keeps_it_opens_with_its_case_cipher()
    {
        var report = new AllegationReported(Teacher, Earlier, OtherTeacher, Words, Earlier, false, false);
        var record = CaseRecord.Append(null, CaseId, 0, [Cipher.Seal(report)])!;
        Assert.DoesNotContain("Kestrel", record.Report.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Words, Cipher.Opened(record).ReportAs<AllegationReported>().Account);
    }

    /// <summary>What a rule compares with the state (a repeat, R14) is compared as stored: a repeated triage records nothing.</summary>
    [Fact]
    public void R14_a_repeated_triage_records_nothing_when_the_stored_one_is_sealed()
    {
        var report = new ConcernReported(Teacher, Earlier, [new PupilInvolved(Year3Pupil, PupilRole.Victim)], ConcernCategory.OnlineSafety, Words, null, Earlier, null);
        var triage = new TriageCase(As(Dsl), Now, RiskLevel.High, "Kestrel-Marmalade is at risk.");
        var stored = Case.Open(Cipher.Seal(report))!;
        var first = stored.Decide(triage, Context with { AsStored = Cipher.Seal });
        var triaged = stored.Evolve(Cipher.Seal(Assert.Single(first)));

        Assert.Empty(triaged.Decide(triage, Context with { AsStored = Cipher.Seal }));
        Assert.Single(triaged.Decide(triage with { Rationale = "Kestrel-Marmalade is safe now." }, Context with { AsStored = Cipher.Seal }));
    }

    // Texts that stay clear: what the rules match on (URLs, platforms), references given by agencies, digests, and text Casework writes itself.
    private static readonly HashSet<string> ClearTexts =
    [
        "Place.Platform", "Place.Url",
        "CaseReferredToPolice.Reference", "CaseReferredToSocialCare.Reference", "ReferralAcknowledged.Reference",
        "ContentRemovalRequested.Url", "ContentRemovalOutcomeRecorded.Url", "EvidenceRecorded.Sha256",
        "TimelineShared.Format", "TimelineShared.Digest",
        "AllegationCaseManagerAssigned.Reason", "AllegationReferredToLado.Reference", "DbsReferralRecorded.Reference",
        "ParentBreachReported.Platform", "ParentBreachReported.Url",
        "LegalHoldPlaced.Reference",
        "DeadlineMissed.Name", "DeadlineMissed.Url",
    ];

    /// <summary>ADR 28: every text a case event holds is personal content unless it is one the rules need clear; a new one is sealed unless named here.</summary>
    [Fact]
    public void Every_text_of_every_case_event_is_personal_content_or_one_named_clear()
    {
        var unclassified = EventCatalog.Cases.Select(e => e.Type).Append(typeof(Place))
            .SelectMany(type => type.GetProperties()
                .Where(p => p.PropertyType == typeof(string) || p.PropertyType == typeof(ValueList<string>) || p.PropertyType == typeof(Place))
                .Where(p => !PersonalContent.Of(type).Contains(p.Name))
                .Select(p => $"{type.Name}.{p.Name}"))
            .Where(name => !ClearTexts.Contains(name))
            .ToList();
        Assert.Empty(unclassified);
        Assert.All(ClearTexts, name => Assert.Contains(EventCatalog.Cases.Select(e => e.Type).Append(typeof(Place)),
            type => name.StartsWith(type.Name + ".", StringComparison.Ordinal) && type.GetProperty(name[(type.Name.Length + 1)..]) is not null));
    }
}
