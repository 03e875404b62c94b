using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using MassTransit;
using MassTransit.Serialization;

namespace Uet.Hosting;

/// <summary>
/// Reads MassTransit's JSON envelope (<c>application/vnd.masstransit+json</c>) as MassTransit's own deserializer does,
/// from one document over the body. MassTransit's copies the body into a <see cref="JsonElement"/>, then the envelope's
/// message into a second one, and indexes both: for a 2 MB plan message (2,000 workstreams) it allocates 6.9 MB, on the
/// large object heap, which only a full collection frees; this one allocates 2.1 MB, the one document's index
/// (tests/Uet.Telemetry.Tests/EnvelopeDeserializerTests.cs). That copy was the largest single step in the scheduler's
/// peak memory (bench/README.md). The body's bytes, which MassTransit keeps for the message's lifetime, are parsed
/// once, the envelope's fields are read without its message, and the message is an element of that same document.
/// Everything else (serializing, probing, bodies MassTransit parsed already) is MassTransit's.
/// </summary>
public sealed class EnvelopeDeserializer : IMessageDeserializer
{
    // MassTransit's options are process-wide, and MessageJson replaces them once before a bus starts: the envelope's
    // are derived from whichever are current.
    private static DerivedOptions? _envelopeOptions;

    private readonly SystemTextJsonMessageSerializer _inner;

    public EnvelopeDeserializer(SystemTextJsonMessageSerializer inner) => _inner = inner;

    public ContentType ContentType => _inner.ContentType;

    public void Probe(ProbeContext context) => _inner.Probe(context);

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);
        return new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body is JsonMessageBody)
        {
            return _inner.Deserialize(body, headers, destinationAddress);
        }

        try
        {
            var envelope = Read(body.GetBytes());
            return new SystemTextJsonSerializerContext(_inner, SystemTextJsonMessageSerializer.Options, ContentType, new EnvelopeMessageContext(envelope, _inner), envelope.MessageType ?? [], envelope);
        }
        catch (SerializationException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new SerializationException("An error occured while deserializing the message envelope", e);
        }
    }

    /// <summary>
    /// The envelope in <paramref name="body"/>; its <see cref="JsonMessageEnvelope.Message"/> is a
    /// <see cref="JsonElement"/> over <paramref name="body"/> itself, which must not change while the message is read.
    /// </summary>
    public static JsonMessageEnvelope Read(byte[] body)
    {
        var options = SystemTextJsonMessageSerializer.Options;
        // Not disposed: the message's element reads this document for as long as the message lives.
        var root = JsonDocument.Parse(body.AsMemory(), DocumentOptions(options)).RootElement;
        var envelope = root.Deserialize<JsonMessageEnvelope>(EnvelopeOptions(options))
            ?? throw new SerializationException("Message envelope not found");
        envelope.Message = MessageOf(root) ?? throw new SerializationException("The message envelope has no message");
        return envelope;
    }

    public MessageBody GetMessageBody(string text) => _inner.GetMessageBody(text);

    /// <summary>The envelope's <c>message</c> property, named in any case as MassTransit's options accept it.</summary>
    private static JsonElement? MessageOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (!root.TryGetProperty("message", out var message))
        {
            message = root.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "message", StringComparison.OrdinalIgnoreCase)).Value;
        }
        return message.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : message;
    }

    private static JsonDocumentOptions DocumentOptions(JsonSerializerOptions options) => new()
    {
        AllowTrailingCommas = options.AllowTrailingCommas,
        CommentHandling = options.ReadCommentHandling,
        MaxDepth = options.MaxDepth,
    };

    /// <summary>MassTransit's options, with the envelope's message left unread (it is taken from the document instead).</summary>
    private static JsonSerializerOptions EnvelopeOptions(JsonSerializerOptions options)
    {
        if (_envelopeOptions is { } cached && ReferenceEquals(cached.From, options))
        {
            return cached.Envelope;
        }
        var envelope = WithoutMessage(options);
        _envelopeOptions = new DerivedOptions(options, envelope);
        return envelope;
    }

    private sealed record DerivedOptions(JsonSerializerOptions From, JsonSerializerOptions Envelope);

    private static JsonSerializerOptions WithoutMessage(JsonSerializerOptions options) =>
        new(options)
        {
            TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(info =>
            {
                if (info.Type != typeof(JsonMessageEnvelope))
                {
                    return;
                }
                for (var i = info.Properties.Count - 1; i >= 0; i--)
                {
                    if (string.Equals(info.Properties[i].Name, nameof(MessageEnvelope.Message), StringComparison.OrdinalIgnoreCase))
                    {
                        info.Properties.RemoveAt(i);
                    }
                }
            }),
        };
}

/// <summary>MassTransit's JSON serializer, with <see cref="EnvelopeDeserializer"/> reading what arrives.</summary>
public sealed class EnvelopeSerializerFactory : ISerializerFactory
{
    private readonly Lazy<SystemTextJsonMessageSerializer> _serializer = new(() => new SystemTextJsonMessageSerializer());
    private readonly Lazy<EnvelopeDeserializer> _deserializer;

    public EnvelopeSerializerFactory() => _deserializer = new(() => new EnvelopeDeserializer(_serializer.Value));

    public ContentType ContentType => SystemTextJsonMessageSerializer.JsonContentType;

    public IMessageSerializer CreateSerializer() => _serializer.Value;

    public IMessageDeserializer CreateDeserializer() => _deserializer.Value;
}
