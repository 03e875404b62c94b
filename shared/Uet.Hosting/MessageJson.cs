using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using MassTransit.Serialization;

using Uet.Contracts;

namespace Uet.Hosting;

/// <summary>
/// MassTransit's JSON options with <see cref="ContractsJsonContext"/> in front of their reflection resolver, writing
/// without indentation. The options are MassTransit's process-wide static (8.5 has no per-bus ones), so this runs
/// once, before a bus is built.
/// </summary>
public static class MessageJson
{
    private static readonly Lock Gate = new();

    public static void UseContractMetadata()
    {
        lock (Gate)
        {
            SystemTextJsonMessageSerializer.Options = WithContractMetadata(SystemTextJsonMessageSerializer.Options);
        }
    }

    /// <summary>
    /// A copy of <paramref name="options"/> that reads and writes our contracts from compile-time metadata. MassTransit
    /// indents what it writes; every message crosses the broker, the outbox and the event store, where the indentation
    /// is a third of a plan's bytes and nobody reads it.
    /// </summary>
    public static JsonSerializerOptions WithContractMetadata(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TypeInfoResolverChain.Contains(ContractsJsonContext.Default))
        {
            return options;
        }

        // A copy: options that have been used are read-only, and MassTransit's may have been.
        return new JsonSerializerOptions(options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ContractsJsonContext.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()),
            WriteIndented = false,
        };
    }
}
