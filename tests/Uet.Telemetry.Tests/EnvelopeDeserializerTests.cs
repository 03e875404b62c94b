using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;

using MassTransit;
using MassTransit.Serialization;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Hosting;

namespace Uet.Telemetry.Tests;

/// <summary>
/// <see cref="EnvelopeDeserializer"/> reads what MassTransit's own deserializer reads, from one document over the body.
/// </summary>
public sealed class EnvelopeDeserializerTests
{
    private static readonly Guid RunId = Guid.Parse("6f1d2c3b-0000-4000-8000-000000000001");

    static EnvelopeDeserializerTests() => MessageJson.UseContractMetadata();

    [Fact]
    public void An_envelope_reads_as_MassTransit_reads_it()
    {
        var body = Envelope(Started(), headers: new() { ["X-Attempt"] = 3, ["X-Reason"] = "lease" });

        var ours = new EnvelopeDeserializer(new SystemTextJsonMessageSerializer()).Deserialize(new BytesMessageBody(body), EmptyHeaders.Instance);
        var theirs = new SystemTextJsonMessageSerializer().Deserialize(new BytesMessageBody(body), EmptyHeaders.Instance);

        Assert.Equal(theirs.MessageId, ours.MessageId);
        Assert.Equal(theirs.CorrelationId, ours.CorrelationId);
        Assert.Equal(theirs.ConversationId, ours.ConversationId);
        Assert.Equal(theirs.SourceAddress, ours.SourceAddress);
        Assert.Equal(theirs.DestinationAddress, ours.DestinationAddress);
        Assert.Equal(theirs.SentTime, ours.SentTime);
        Assert.Equal(theirs.Host.MachineName, ours.Host.MachineName);
        Assert.Equal(theirs.SupportedMessageTypes, ours.SupportedMessageTypes);
        Assert.Equal(3, ours.Headers.Get<int>("X-Attempt"));
        Assert.Equal("lease", ours.Headers.Get<string>("X-Reason"));
        Assert.Equal(theirs.Headers.Select(h => h.Key).Order(), ours.Headers.Select(h => h.Key).Order());

        Assert.True(ours.TryGetMessage<WorkstreamStarted>(out var message));
        Assert.True(theirs.TryGetMessage<WorkstreamStarted>(out var expected));
        Assert.Equal(expected, message);
        Assert.False(ours.TryGetMessage<WorkstreamFailed>(out _));
    }

    [Fact]
    public void The_message_is_read_from_the_bodys_own_bytes()
    {
        var body = Envelope(Started());

        var envelope = EnvelopeDeserializer.Read(body);

        var message = Assert.IsType<JsonElement>(envelope.Message);
        Assert.True(body.AsSpan().Overlaps(JsonMarshal.GetRawUtf8Value(message)));
        Assert.Equal("ws-a", message.GetProperty("workstreamId").GetString());
    }

    [Fact]
    public void A_large_message_takes_less_than_half_the_memory_MassTransits_deserializer_takes()
    {
        var body = Envelope(Accepted(workstreams: 2_000));
        var theirs = Allocated(() => new SystemTextJsonMessageSerializer().Deserialize(new BytesMessageBody(body), EmptyHeaders.Instance));
        var ours = Allocated(() => new EnvelopeDeserializer(new SystemTextJsonMessageSerializer()).Deserialize(new BytesMessageBody(body), EmptyHeaders.Instance));

        // Theirs: the body copied into a document, the message copied into a second one, both indexed. Ours: one index.
        Assert.True(body.Length > 1_000_000, $"the test's message is {body.Length} bytes");
        Assert.True(ours * 2 < theirs, $"reading a {body.Length}-byte plan message's envelope allocated {ours} bytes, MassTransit's deserializer {theirs}");
    }

    /// <summary>Bytes <paramref name="read"/> allocates on this thread, the second time (the first JIT-compiles and fills caches).</summary>
    private static long Allocated(Func<SerializerContext> read)
    {
        Assert.True(read().TryGetMessage<PlanAccepted>(out _));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var context = read();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(context.TryGetMessage<PlanAccepted>(out var message));
        Assert.Equal(2_000, message!.Plan.Workstreams.Count);
        return allocated;
    }

    [Fact]
    public void A_message_named_in_another_case_is_found()
    {
        var text = Encoding.UTF8.GetString(Envelope(Started())).Replace("\"message\":", "\"Message\":", StringComparison.Ordinal);

        var context = new EnvelopeDeserializer(new SystemTextJsonMessageSerializer()).Deserialize(new StringMessageBody(text), EmptyHeaders.Instance);

        Assert.True(context.TryGetMessage<WorkstreamStarted>(out var message));
        Assert.Equal("ws-a", message!.WorkstreamId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"messageId": "181c0000-6393-3630-36a4-08daf4e7c6da", "messageType": ["urn:message:Uet.Contracts:WorkstreamStarted"]}""")]
    [InlineData("[1, 2]")]
    public void A_body_that_is_no_envelope_is_a_serialization_error(string text)
    {
        var deserializer = new EnvelopeDeserializer(new SystemTextJsonMessageSerializer());

        Assert.Throws<SerializationException>(() => deserializer.Deserialize(new StringMessageBody(text), EmptyHeaders.Instance));
    }

    private static WorkstreamStarted Started() => new(RunId, "ws-a", 2, "worker-1", DateTimeOffset.Parse("2026-11-25T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static PlanAccepted Accepted(int workstreams)
    {
        var specs = Enumerable.Range(0, workstreams).Select(i => new WorkstreamSpec
        {
            Id = $"ws-{i:D4}",
            FilesScope = [$"src/module{i}/a.cs", $"src/module{i}/b.cs"],
            Tasks = [$"Implement the {i}th module's parser and its tests, keeping the public API as documented."],
            DependsOn = i == 0 ? [] : [$"ws-{i - 1:D4}"],
        }).ToList();
        var plan = new PlanDocument("wide", new PlanSettings(), specs);
        return new PlanAccepted(RunId, plan, new PlanAnalysis(), new RunOptions { RunName = "r1", RepoPath = "/repo" }, [], DateTimeOffset.UnixEpoch);
    }

    /// <summary>The body MassTransit's serializer sends for <paramref name="message"/>.</summary>
    private static byte[] Envelope<T>(T message, Dictionary<string, object?>? headers = null)
        where T : class
    {
        var envelope = new JsonMessageEnvelope
        {
            MessageId = NewId.NextGuid().ToString(),
            CorrelationId = RunId.ToString(),
            ConversationId = NewId.NextGuid().ToString(),
            SourceAddress = "rabbitmq://localhost/worker",
            DestinationAddress = $"rabbitmq://localhost/Uet.Contracts:{typeof(T).Name}",
            MessageType = [$"urn:message:Uet.Contracts:{typeof(T).Name}"],
            Message = message,
            SentTime = DateTime.UtcNow,
            Headers = headers ?? [],
            Host = MassTransit.Metadata.HostMetadataCache.Host,
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, SystemTextJsonMessageSerializer.Options);
    }
}
