using System.Security.Cryptography;
using Casework.Audit;

namespace Casework.Tests.Audit;

/// <summary>The chain's arithmetic (ADR 33): what changes an entry's hash, and what a link depends on.</summary>
public class ChainHashTests
{
    private static readonly string?[] Event = ["clarendon", "42", "0198-id", "0198-stream", "3", "concern-reported", """{"a": 1}""",
        "2026-12-04T10:00:00.000000Z", "corr", null, null, "user", "Casework.Concerns.ConcernReported"];

    [Fact]
    public void An_entry_hashes_the_same_from_the_same_stored_fields()
    {
        Assert.Equal(ChainHash.Entry("event", Event), ChainHash.Entry("event", [.. Event]));
        Assert.Equal(32, ChainHash.Entry("event", Event).Length);
    }

    [Fact]
    public void Changing_any_one_field_changes_the_entry_hash()
    {
        var original = ChainHash.Entry("event", Event);
        for (var i = 0; i < Event.Length; i++)
        {
            var altered = Event.ToArray();
            altered[i] = (altered[i] ?? "") + "x";
            Assert.NotEqual(original, ChainHash.Entry("event", altered));
        }
        Assert.NotEqual(original, ChainHash.Entry("access", Event));
    }

    [Fact]
    public void Moving_bytes_between_fields_or_a_null_for_an_empty_field_changes_the_entry_hash()
    {
        Assert.NotEqual(ChainHash.Entry("event", ["ab", "c"]), ChainHash.Entry("event", ["a", "bc"]));
        Assert.NotEqual(ChainHash.Entry("event", [null]), ChainHash.Entry("event", [""]));
        Assert.NotEqual(ChainHash.Entry("event", ["a"]), ChainHash.Entry("event", ["a", null]));
    }

    [Fact]
    public void A_link_depends_on_the_previous_chain_hash_the_seal_number_and_the_entry()
    {
        var entry = ChainHash.Entry("event", Event);
        var first = ChainHash.Link(ChainHash.Genesis, 1, entry);
        Assert.Equal(first, ChainHash.Link(ChainHash.Genesis, 1, entry));
        Assert.NotEqual(first, ChainHash.Link(ChainHash.Genesis, 2, entry));
        Assert.NotEqual(first, ChainHash.Link(SHA256.HashData([1]), 1, entry));
        Assert.NotEqual(first, ChainHash.Link(ChainHash.Genesis, 1, ChainHash.Entry("event", ["other"])));
    }

    [Fact]
    public void Rewriting_one_entry_changes_every_chain_hash_from_it_on()
    {
        var entries = Enumerable.Range(0, 5).Select(i => ChainHash.Entry("event", [i.ToString()])).ToList();
        var chain = Chain(entries);
        entries[2] = ChainHash.Entry("event", ["rewritten"]);
        var rechained = Chain(entries);
        Assert.Equal(chain[..2], rechained[..2]);
        for (var i = 2; i < 5; i++)
        {
            Assert.NotEqual(chain[i], rechained[i]);
        }
    }

    [Fact]
    public void A_checkpoint_verifies_with_the_public_key_alone_and_not_once_altered()
    {
        using var signer = new CheckpointSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var checkpoint = signer.Sign("clarendon", 7, SHA256.HashData([7]), DateTimeOffset.Parse("2026-12-04T10:00:00.1234567Z"));
        Assert.True(CheckpointSigner.IsSignedBy(checkpoint, signer.PublicKey));
        Assert.False(CheckpointSigner.IsSignedBy(checkpoint with { SealNumber = 8 }, signer.PublicKey));
        Assert.False(CheckpointSigner.IsSignedBy(checkpoint with { ChainHash = Convert.ToHexStringLower(SHA256.HashData([8])) }, signer.PublicKey));
        Assert.False(CheckpointSigner.IsSignedBy(checkpoint with { School = "rainow" }, signer.PublicKey));
        Assert.False(CheckpointSigner.IsSignedBy(checkpoint with { Signature = "not base64!" }, signer.PublicKey));
        using var other = new CheckpointSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        Assert.False(CheckpointSigner.IsSignedBy(checkpoint, other.PublicKey));
    }

    private static byte[][] Chain(IReadOnlyList<byte[]> entries)
    {
        var chain = new byte[entries.Count][];
        var previous = ChainHash.Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            previous = chain[i] = ChainHash.Link(previous, i + 1, entries[i]);
        }
        return chain;
    }
}
