using System.Text.Json;

using Uet.Contracts.Plans;
using Uet.Domain.Validation;

namespace Uet.Domain.Loading;

/// <summary>The settings read from plan.json and where each top-level field was written.</summary>
internal sealed record LoadedSettings(PlanSettings Settings, SourceText? Source, IReadOnlyDictionary<string, long> FieldOffsets, IReadOnlyList<long> IntegrationGateOffsets)
{
    public static LoadedSettings Defaults { get; } = new(new PlanSettings(), null, new Dictionary<string, long>(), []);

    public (long Line, long Column)? PositionOf(string field) =>
        Source is not null && FieldOffsets.TryGetValue(field, out var offset) ? Source.Position(offset) : null;
}

/// <summary>Reads plan.json: run defaults, budget, tool profiles and gate commands.</summary>
internal static class SettingsReader
{
    public const string FileName = "plan.json";

    public static readonly string[] Fields =
        ["$schema", "name", "max_workers", "default_tool", "failure_policy", "overlap_policy", "max_attempts", "base_ref", "budget", "tools", "gate_commands", "integration_gates"];

    private static readonly string[] BudgetFields = ["max_cost_usd", "mode", "warning_threshold"];
    private static readonly string[] BudgetModes = ["halt", "warn", "continue"];
    private static readonly string[] FailurePolicies = ["fail-fast", "keep-going", "continue"];
    private static readonly string[] OverlapPolicies = ["serialize", "optimistic"];
    private static readonly string[] ToolFields = ["kind", "command", "timeout_seconds", "env_allow", "usage_format", "context_window", "model"];
    private static readonly string[] ToolKinds = ["command", "shell", "fake-agent"];
    private static readonly string[] UsageFormats = ["jsonl", "claude", "codex", "aider", "none"];

    /// <summary>Reads the settings; null when the file is not valid JSON or not an object (errors are in <paramref name="sink"/>).</summary>
    public static LoadedSettings? Read(SourceText source, DiagnosticSink sink)
    {
        var fields = new JsonFields(source);
        var reader = new Utf8JsonReader(source.Bytes, BundleReader.OptionsFor(source.Bytes));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                var found = reader.TokenType == JsonTokenType.None ? "nothing" : JsonFields.Describe(reader.TokenType);
                sink.Error(DiagnosticCodes.WrongType, $"{source.Path} must hold one JSON object of plan settings, found {found}.",
                    "Write plan.json as an object, e.g. {\"max_workers\": 4, \"default_tool\": \"aider\"}.", source.Path, position: (1, 1));
                return null;
            }
            var result = ReadObject(ref reader, fields);
            reader.Read();
            BundleReader.Flush(fields, null, sink);
            return result;
        }
        catch (JsonException ex)
        {
            BundleReader.Flush(fields, null, sink);
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            sink.Error(DiagnosticCodes.MalformedJson, $"{source.Path} is not valid JSON at line {line}, column {column}.",
                $"Fix the JSON syntax at line {line}, column {column} of {source.Path}.", source.Path, position: (line, column));
            return null;
        }
        finally
        {
            source.Seal();
        }
    }

    private static LoadedSettings ReadObject(ref Utf8JsonReader reader, JsonFields fields)
    {
        var settings = new PlanSettings();
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var gateOffsets = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var at = reader.TokenStartIndex;
            var name = reader.GetString()!;
            reader.Read();
            if (!Fields.Contains(name, StringComparer.Ordinal))
            {
                fields.UnknownField("plan.json", name, Fields, at, ref reader);
                continue;
            }
            if (!offsets.TryAdd(name, at))
            {
                fields.Error(DiagnosticCodes.DuplicateField, $"{name} is given twice in plan.json.", $"Keep one \"{name}\".", name, at);
                reader.Skip();
                continue;
            }
            switch (name)
            {
                case "$schema":
                    reader.Skip();
                    break;
                case "name":
                    if (fields.String(ref reader, name, out var planName)) settings = settings with { Name = planName };
                    break;
                case "max_workers":
                    if (fields.IntegerAtLeast(ref reader, name, 1, out var workers)) settings = settings with { MaxWorkers = (int)Math.Min(workers, 10_000) };
                    break;
                case "default_tool":
                    if (fields.String(ref reader, name, out var tool)) settings = settings with { DefaultTool = tool };
                    break;
                case "failure_policy":
                    if (fields.Enum(ref reader, name, FailurePolicies, out var policy))
                    {
                        settings = settings with { FailurePolicy = policy == "fail-fast" ? FailurePolicy.FailFast : FailurePolicy.KeepGoing };
                    }
                    break;
                case "overlap_policy":
                    if (fields.Enum(ref reader, name, OverlapPolicies, out var overlap))
                    {
                        settings = settings with { OverlapPolicy = overlap == "optimistic" ? OverlapPolicy.Optimistic : OverlapPolicy.Serialize };
                    }
                    break;
                case "max_attempts":
                    if (fields.IntegerAtLeast(ref reader, name, 1, out var attempts)) settings = settings with { MaxAttempts = (int)Math.Min(attempts, 1000) };
                    break;
                case "base_ref":
                    if (fields.String(ref reader, name, out var baseRef)) settings = settings with { BaseRef = baseRef };
                    break;
                case "budget":
                    if (fields.ExpectObject(ref reader, name, "\"budget\": {\"max_cost_usd\": 50, \"mode\": \"halt\"}"))
                    {
                        settings = settings with { Budget = ReadBudget(ref reader, fields) };
                    }
                    break;
                case "tools":
                    if (fields.ExpectObject(ref reader, name, "\"tools\": {\"aider\": {\"timeout_seconds\": 900}}"))
                    {
                        settings = settings with { Tools = ReadTools(ref reader, fields) };
                    }
                    break;
                case "gate_commands":
                    if (fields.ExpectObject(ref reader, name, "\"gate_commands\": {\"GATE_UNIT\": \"dotnet test\"}"))
                    {
                        settings = settings with { GateCommands = ReadGateCommands(ref reader, fields) };
                    }
                    break;
                case "integration_gates":
                    settings = settings with { IntegrationGates = GateReader.ReadArray(ref reader, fields, name, gateOffsets) };
                    break;
            }
        }
        return new LoadedSettings(settings, fields.Source, offsets, gateOffsets);
    }

    private static BudgetSpec ReadBudget(ref Utf8JsonReader reader, JsonFields fields)
    {
        decimal? max = null;
        var mode = BudgetMode.Halt;
        var threshold = 0.8m;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var at = reader.TokenStartIndex;
            var name = reader.GetString()!;
            reader.Read();
            var field = $"budget.{name}";
            switch (name)
            {
                case "max_cost_usd":
                    if (fields.Money(ref reader, field, out var m)) max = m;
                    break;
                case "mode":
                    if (fields.Enum(ref reader, field, BudgetModes, out var text))
                    {
                        mode = text switch { "warn" => BudgetMode.Warn, "continue" => BudgetMode.Continue, _ => BudgetMode.Halt };
                    }
                    break;
                case "warning_threshold":
                    var valueAt = reader.TokenStartIndex;
                    if (fields.Money(ref reader, field, out var t))
                    {
                        if (t is <= 0 or > 1)
                        {
                            fields.Error(DiagnosticCodes.BadBudget, $"{field} is {t}; it is a fraction of the budget between 0 and 1.",
                                "Write e.g. \"warning_threshold\": 0.8 to warn at 80% of the budget.", field, valueAt);
                        }
                        else
                        {
                            threshold = t;
                        }
                    }
                    break;
                default:
                    fields.UnknownField("budget", name, BudgetFields, at, ref reader);
                    break;
            }
        }
        return new BudgetSpec(max, mode, threshold);
    }

    private static Dictionary<string, ToolProfile> ReadTools(ref Utf8JsonReader reader, JsonFields fields)
    {
        var tools = new Dictionary<string, ToolProfile>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var at = reader.TokenStartIndex;
            var toolName = reader.GetString()!;
            reader.Read();
            if (!fields.ExpectObject(ref reader, $"tools.{toolName}", "{\"command\": [\"my-tool\", \"{prompt}\"]}"))
            {
                continue;
            }
            // A plan profile starts from the built-in of the same name, so it can change just one field.
            var profile = ToolCatalog.BuiltIn(toolName) ?? new ToolProfile { Name = toolName };
            var commandGiven = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var propertyAt = reader.TokenStartIndex;
                var property = reader.GetString()!;
                reader.Read();
                var field = $"tools.{toolName}.{property}";
                switch (property)
                {
                    case "kind":
                        if (fields.Enum(ref reader, field, ToolKinds, out var kind))
                        {
                            profile = profile with { Kind = kind switch { "shell" => ToolKind.Shell, "fake-agent" => ToolKind.FakeAgent, _ => ToolKind.Command } };
                        }
                        break;
                    case "command":
                        if (fields.StringArray(ref reader, field, out var command))
                        {
                            commandGiven = command.Length > 0;
                            profile = profile with { Command = command };
                        }
                        break;
                    case "timeout_seconds":
                        if (fields.IntegerAtLeast(ref reader, field, 1, out var timeout)) profile = profile with { TimeoutSeconds = (int)Math.Min(timeout, int.MaxValue) };
                        break;
                    case "env_allow":
                        if (fields.StringArray(ref reader, field, out var env)) profile = profile with { EnvAllow = env };
                        break;
                    case "usage_format":
                        if (fields.Enum(ref reader, field, UsageFormats, out var usage)) profile = profile with { UsageFormat = usage };
                        break;
                    case "context_window":
                        if (fields.IntegerAtLeast(ref reader, field, 1, out var window)) profile = profile with { ContextWindow = window };
                        break;
                    case "model":
                        if (fields.String(ref reader, field, out var model)) profile = profile with { Model = model };
                        break;
                    default:
                        fields.UnknownField($"tools.{toolName}", property, ToolFields, propertyAt, ref reader);
                        break;
                }
            }
            if (profile.Kind == ToolKind.Command && profile.Command.Count == 0 && !commandGiven)
            {
                fields.Error(DiagnosticCodes.MissingField, $"Tool '{toolName}' runs a command but gives no \"command\".",
                    $"Add \"command\": [\"{toolName}\", \"{{prompt}}\"] or set \"kind\": \"shell\".", $"tools.{toolName}.command", at);
            }
            tools[toolName] = profile;
        }
        return tools;
    }

    private static Dictionary<string, string> ReadGateCommands(ref Utf8JsonReader reader, JsonFields fields)
    {
        var commands = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var at = reader.TokenStartIndex;
            var type = reader.GetString()!;
            reader.Read();
            if (!GateTypes.All.Contains(type, StringComparer.Ordinal))
            {
                fields.UnknownField("gate_commands", type, GateTypes.All, at, ref reader);
                continue;
            }
            if (fields.String(ref reader, $"gate_commands.{type}", out var command) && !string.IsNullOrWhiteSpace(command))
            {
                commands[type] = command;
            }
        }
        return commands;
    }
}
