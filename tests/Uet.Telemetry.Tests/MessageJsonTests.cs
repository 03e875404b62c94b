using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using MassTransit.Serialization;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Hosting;

namespace Uet.Telemetry.Tests;

/// <summary>Our contracts' compile-time JSON metadata (<see cref="ContractsJsonContext"/>) in MassTransit's options.</summary>
public sealed class MessageJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(SystemTextJsonMessageSerializer.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver(), WriteIndented = false };
    private static readonly JsonSerializerOptions Generated = MessageJson.WithContractMetadata(Reflection);

    /// <summary>Every message record: the public, concrete classes of the contracts' root namespace.</summary>
    public static TheoryData<Type> Messages()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(ContractsJsonContext).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "Uet.Contracts" && t.IsClass && !t.IsAbstract && t != typeof(ContractsJsonContext))
            .OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_has_compile_time_metadata_with_the_names_reflection_gives(Type message)
    {
        var generated = Generated.GetTypeInfo(message);
        var reflected = Reflection.GetTypeInfo(message);

        Assert.Same(ContractsJsonContext.Default, generated.OriginatingResolver);
        Assert.Equal(reflected.Properties.Select(p => p.Name), generated.Properties.Select(p => p.Name));
    }

    [Fact]
    public void A_message_is_written_and_read_as_by_reflection()
    {
        using var payload = JsonDocument.Parse("""{"estimated_minutes": 5, "labels": ["a", "b"]}""");
        var message = new ExecuteWorkstream
        {
            RunId = Guid.NewGuid(),
            RunName = "r1",
            WorkstreamId = "ws-a",
            Attempt = 2,
            Spec = new WorkstreamSpec
            {
                Id = "ws-a",
                FilesScope = ["src/a.cs"],
                DependsOn = ["ws-b"],
                Metadata = payload.RootElement.Clone(),
                CircuitBreaker = new CircuitBreakerSpec(3, null, null),
                TestGates = [new TestGateSpec("GATE_UNIT", Command: "make test")],
                MaxCostUsd = 1.25m,
            },
            Tool = new ToolProfile { Name = "shell", Kind = ToolKind.Shell },
            RepoPath = "/repo",
            BaseCommit = "abc",
            Branch = "uet/r1/ws-a",
            GateCommands = new Dictionary<string, string> { ["GATE_LINT"] = "make lint" },
            DispatchedAt = DateTimeOffset.Parse("2026-11-25T01:02:03.456+00:00", System.Globalization.CultureInfo.InvariantCulture),
        };

        var json = JsonSerializer.Serialize<object>(message, Generated);
        var back = JsonSerializer.Deserialize<ExecuteWorkstream>(json, Generated)!;

        Assert.Equal(JsonSerializer.Serialize<object>(message, Reflection), json);
        Assert.Equal(json, JsonSerializer.Serialize<object>(back, Reflection));
        Assert.Equal(["src/a.cs"], back.Spec.FilesScope);
        Assert.Equal(5, back.Spec.Metadata!.Value.GetProperty("estimated_minutes").GetInt32());
    }

    [Fact]
    public void A_message_is_written_without_indentation()
    {
        var message = new WorkstreamStarted(Guid.NewGuid(), "ws-a", 1, "worker-1", DateTimeOffset.UnixEpoch);

        var json = JsonSerializer.Serialize<object>(message, MessageJson.WithContractMetadata(SystemTextJsonMessageSerializer.Options));

        Assert.DoesNotContain('\n', json);
        Assert.StartsWith("{\"runId\":", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_the_metadata_twice_changes_nothing()
    {
        Assert.Same(Generated, MessageJson.WithContractMetadata(Generated));
    }
}
