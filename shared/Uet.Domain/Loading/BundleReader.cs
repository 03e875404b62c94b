using System.Globalization;
using System.Text.Json;

using Uet.Contracts.Plans;
using Uet.Domain.Scopes;
using Uet.Domain.Validation;

using static Uet.Domain.Loading.BundleFields;

namespace Uet.Domain.Loading;

/// <summary>Reads the workstream bundles of one plan file: a single object or an array of objects.</summary>
internal static class BundleReader
{
    /// <summary>
    /// Comments are allowed, but the reader is much slower when it must look for them, so files are read in
    /// comment mode only when they may hold one.
    /// </summary>
    public static JsonReaderOptions OptionsFor(ReadOnlySpan<byte> json) => new()
    {
        CommentHandling = json.IndexOf("//"u8) >= 0 || json.IndexOf("/*"u8) >= 0 ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
    };

    public static void ReadFile(SourceText source, bool hasDefaultTool, List<LoadedBundle> into, DiagnosticSink sink)
    {
        var fields = new JsonFields(source);
        var reader = new Utf8JsonReader(source.Bytes, OptionsFor(source.Bytes));
        string? currentId = null;
        try
        {
            if (!reader.Read())
            {
                sink.Error(DiagnosticCodes.MalformedJson, $"{source.Path} is empty.",
                    "Put a workstream object, or an array of them, in the file, or delete the file.", source.Path, position: (1, 1));
                return;
            }
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                Add(ReadBundle(ref reader, fields, hasDefaultTool, ref currentId), fields, currentId, into, sink);
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    currentId = null;
                    if (fields.ExpectObject(ref reader, FieldNames.Indexed("", index), "{\"id\": \"ws-example\", ...}"))
                    {
                        Add(ReadBundle(ref reader, fields, hasDefaultTool, ref currentId), fields, currentId, into, sink);
                    }
                    else
                    {
                        Flush(fields, null, sink);
                    }
                    index++;
                }
            }
            else
            {
                fields.WrongType(ref reader, "(file)", "a workstream object or an array of workstream objects", "{\"id\": \"ws-example\", ...}");
                Flush(fields, null, sink);
            }
            // Anything after the top-level value is a syntax error; reading on makes the reader say so.
            reader.Read();
        }
        catch (JsonException ex)
        {
            Flush(fields, currentId, sink);
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            sink.Error(DiagnosticCodes.MalformedJson,
                $"{source.Path} is not valid JSON at line {line}, column {column}: {Reason(ex)}",
                $"Fix the JSON syntax at line {line}, column {column} of {source.Path}.", source.Path, currentId, position: (line, column));
        }
        finally
        {
            source.Seal();
        }
    }

    private static void Add(LoadedBundle? bundle, JsonFields fields, string? id, List<LoadedBundle> into, DiagnosticSink sink)
    {
        Flush(fields, id, sink);
        if (bundle is not null)
        {
            into.Add(bundle);
        }
    }

    /// <summary>Turns the pending findings of the object just read into diagnostics naming its workstream.</summary>
    public static void Flush(JsonFields fields, string? id, DiagnosticSink sink)
    {
        foreach (var p in fields.Pending)
        {
            sink.Add(new PlanDiagnostic(p.Severity, p.Code, p.Message, p.Fix, fields.Source.Path, id, p.Field,
                fields.Source.Position(p.Offset).Line, fields.Source.Position(p.Offset).Column));
        }
        fields.Pending.Clear();
    }

    /// <summary>The field index of the property name under the reader, matched on its UTF-8 bytes without making a string.</summary>
    private static int Lookup(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return FieldIndex.GetValueOrDefault(reader.GetString()!, -1);
        }
        var name = reader.ValueSpan;
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (name.SequenceEqual(Utf8Names[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static readonly byte[][] Utf8Names = [.. All.Select(System.Text.Encoding.UTF8.GetBytes)];

    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).Trim();
    }

    /// <summary>Reads one bundle object; null when it cannot become a workstream (no usable id).</summary>
    private static LoadedBundle? ReadBundle(ref Utf8JsonReader reader, JsonFields fields, bool hasDefaultTool, ref string? currentId)
    {
        var start = (int)reader.TokenStartIndex;
        var offsets = new int[All.Length];
        Array.Fill(offsets, -1);
        var spec = fields.Draft ??= new BundleDraft();
        spec.Reset();
        fields.Patterns.Clear();

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var nameOffset = (int)reader.TokenStartIndex;
            var f = Lookup(ref reader);
            if (f < 0)
            {
                var unknown = reader.GetString()!;
                reader.Read();
                fields.UnknownField("a workstream", unknown, All, nameOffset, ref reader);
                continue;
            }
            var name = All[f];
            reader.Read();
            if (offsets[f] >= 0)
            {
                fields.Error(DiagnosticCodes.DuplicateField, $"{name} is given twice in this workstream.",
                    $"Keep one \"{name}\" and remove the other.", name, nameOffset);
                reader.Skip();
                continue;
            }
            offsets[f] = nameOffset;
            ReadField(ref reader, fields, name, spec);
            if (name == Id && spec.Id is not null)
            {
                currentId = spec.Id;
            }
        }

        CheckRequired(fields, spec, offsets, hasDefaultTool, start);
        if (spec.Id is null)
        {
            return null;
        }
        var ws = spec.Build(fields.Source.Path);
        return new LoadedBundle(ws, fields.Source, start, offsets, [.. fields.Patterns]);
    }

    private static void ReadField(ref Utf8JsonReader reader, JsonFields fields, string name, BundleDraft d)
    {
        switch (name)
        {
            case Id:
                var idOffset = reader.TokenStartIndex;
                if (fields.String(ref reader, Id, out var id))
                {
                    d.Id = id;
                    if (!IsValidId(id))
                    {
                        fields.Error(DiagnosticCodes.BadId,
                            $"id '{id}' does not match ^ws-[a-z0-9-]+$ (lowercase letters, digits and dashes after 'ws-').",
                            $"Rename it, e.g. '{SuggestId(id)}', and update every depends_on that names it.", Id, idOffset);
                    }
                }
                break;
            case OpenspecChange:
                if (fields.String(ref reader, name, out var change)) d.OpenspecChange = change;
                break;
            case CcpmIssue:
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var issue))
                {
                    d.CcpmIssue = issue.ToString(CultureInfo.InvariantCulture);
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    d.CcpmIssue = reader.GetString();
                }
                else
                {
                    fields.WrongType(ref reader, name, "a whole number or a string", "\"ccpm_issue\": 42");
                }
                break;
            case Gate:
                if (fields.IntegerAtLeast(ref reader, name, 1, out var gate)) d.Gate = (int)Math.Min(gate, int.MaxValue);
                break;
            case FilesScope:
            case FilesCreate:
                var itemOffsets = fields.ScratchOffsets();
                if (fields.StringArray(ref reader, name, out var paths, itemOffsets))
                {
                    CheckPaths(fields, name, paths, itemOffsets);
                    if (name == FilesScope)
                    {
                        d.FilesScope = paths;
                        if (paths.Length == 0)
                        {
                            fields.Error(DiagnosticCodes.EmptyScope, "files_scope is empty; a workstream must claim the files it may change.",
                                "List the files or folders it changes, e.g. \"files_scope\": [\"src/feature/\"].", name, reader.TokenStartIndex);
                        }
                    }
                    else
                    {
                        d.FilesCreate = paths;
                    }
                }
                break;
            case Tasks:
                if (fields.StringArray(ref reader, name, out var tasks)) d.Tasks = tasks;
                break;
            case AcceptanceTests:
                if (fields.StringArray(ref reader, name, out var tests)) d.AcceptanceTests = tests;
                break;
            case DependsOn:
                if (fields.StringArray(ref reader, name, out var deps)) d.DependsOn = deps;
                break;
            case Tool:
                if (fields.String(ref reader, name, out var tool)) d.Tool = tool;
                break;
            case Capability:
                if (fields.Enum(ref reader, name, Capabilities, out var capability)) d.Capability = capability;
                break;
            case CapabilityPayload:
                if (fields.ExpectObject(ref reader, name, "\"capability_payload\": {\"prompt\": \"...\"}"))
                {
                    d.CapabilityPayload = JsonElement.ParseValue(ref reader);
                }
                break;
            case CircuitBreaker:
                if (fields.ExpectObject(ref reader, name, "\"circuit_breaker\": {\"max_attempts\": 3}"))
                {
                    d.CircuitBreaker = ReadCircuitBreaker(ref reader, fields);
                }
                break;
            case Metadata:
                var metadataOffset = reader.TokenStartIndex;
                if (fields.ExpectObject(ref reader, name, "\"metadata\": {\"estimated_minutes\": 30}"))
                {
                    d.Metadata = JsonElement.ParseValue(ref reader);
                    d.EstimatedMinutes = EstimatedMinutes(d.Metadata.Value, fields, metadataOffset);
                }
                break;
            case ParallelOk:
                if (fields.Bool(ref reader, name, out var parallel)) d.ParallelOk = parallel;
                break;
            case ConflictGroup:
                if (fields.String(ref reader, name, out var group)) d.ConflictGroup = group.Length == 0 ? null : group;
                break;
            case Kind:
                if (fields.Enum(ref reader, name, Kinds, out var kind)) d.Kind = kind;
                break;
            case Priority:
                if (fields.Enum(ref reader, name, Priorities, out var priority)) d.Priority = priority;
                break;
            case EstimatedContextTokens:
                if (fields.IntegerAtLeast(ref reader, name, 0, out var tokens)) d.EstimatedContextTokens = tokens;
                break;
            case MaxCostUsd:
                if (fields.Money(ref reader, name, out var cost)) d.MaxCostUsd = cost;
                break;
            case CompensationActions:
                if (fields.StringArray(ref reader, name, out var actions)) d.CompensationActions = actions;
                break;
            case TestGates:
                fields.GateOffsets.Clear();
                d.TestGates = GateReader.ReadArray(ref reader, fields, name, fields.GateOffsets);
                break;
        }
    }

    /// <summary>Parses each path (kept for the conflict graph, once per text) and reports those that leave the repository.</summary>
    private static void CheckPaths(JsonFields fields, string field, string[] paths, List<long> offsets)
    {
        for (var i = 0; i < paths.Length; i++)
        {
            if (ScopePattern.TryParse(paths[i], out var pattern, out var error, out var escapes))
            {
                if (!Contains(fields.Patterns, pattern.Text))
                {
                    fields.Patterns.Add(pattern);
                }
            }
            else
            {
                fields.Error(escapes ? DiagnosticCodes.PathEscapes : DiagnosticCodes.BadValue,
                    $"{field}[{i}]: {error}; paths must stay inside the repository.",
                    "Write a path relative to the repository root, without '..' or a leading '/', e.g. \"src/app/\".",
                    field, offsets[i]);
            }
        }
    }

    /// <summary>Plans list a handful of entries each: a linear check beats a hash set.</summary>
    private static bool Contains(List<ScopePattern> patterns, string text)
    {
        foreach (var p in patterns)
        {
            if (p.Text == text)
            {
                return true;
            }
        }
        return false;
    }

    private static CircuitBreakerSpec ReadCircuitBreaker(ref Utf8JsonReader reader, JsonFields fields)
    {
        int? maxAttempts = null, maxErrorRepeats = null, oscillation = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var which = reader.ValueTextEquals("max_attempts"u8) ? 0
                : reader.ValueTextEquals("max_error_repeats"u8) ? 1
                : reader.ValueTextEquals("oscillation_threshold"u8) ? 2
                : -1;
            reader.Read();
            switch (which)
            {
                case 0:
                    if (fields.IntegerAtLeast(ref reader, "circuit_breaker.max_attempts", 1, out var a)) maxAttempts = Clamp(a);
                    break;
                case 1:
                    if (fields.IntegerAtLeast(ref reader, "circuit_breaker.max_error_repeats", 0, out var r)) maxErrorRepeats = Clamp(r);
                    break;
                case 2:
                    if (fields.IntegerAtLeast(ref reader, "circuit_breaker.oscillation_threshold", 0, out var o)) oscillation = Clamp(o);
                    break;
                default:
                    // The seed schema lets circuit_breaker carry extra settings for other executors.
                    reader.Skip();
                    break;
            }
        }
        return new CircuitBreakerSpec(maxAttempts, maxErrorRepeats, oscillation);
    }

    private static int Clamp(long value) => (int)Math.Min(value, int.MaxValue);

    private static double? EstimatedMinutes(JsonElement metadata, JsonFields fields, long offset)
    {
        if (!metadata.TryGetProperty("estimated_minutes", out var minutes))
        {
            return null;
        }
        if (minutes.ValueKind == JsonValueKind.Number && minutes.TryGetDouble(out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }
        fields.Error(DiagnosticCodes.BadValue, "metadata.estimated_minutes must be a positive number of minutes.",
            "Write e.g. \"estimated_minutes\": 45, or remove it.", "metadata.estimated_minutes", offset);
        return null;
    }

    private static void CheckRequired(JsonFields fields, BundleDraft d, int[] offsets, bool hasDefaultTool, long start)
    {
        void Missing(string field, string fix) =>
            fields.Error(DiagnosticCodes.MissingField, $"The workstream has no {field}.", fix, field, start);

        if (offsets[FieldIndex[Id]] < 0)
        {
            Missing(Id, "Add \"id\": \"ws-<short-name>\" (lowercase letters, digits, dashes).");
        }
        if (offsets[FieldIndex[FilesScope]] < 0)
        {
            Missing(FilesScope, "Add \"files_scope\": the files or folders this workstream may change, e.g. [\"src/feature/\"].");
        }
        if (offsets[FieldIndex[Tasks]] < 0)
        {
            Missing(Tasks, "Add \"tasks\": [\"what to do\"] (for the shell tool, each task is a command).");
        }
        if (offsets[FieldIndex[Tool]] < 0 && !hasDefaultTool)
        {
            Missing(Tool, "Add \"tool\" (shell, fake-agent, aider, claude, codex or a plan.json tool), or set \"default_tool\" in plan.json.");
        }
    }

    private static string SuggestId(string id)
    {
        var chars = id.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-').ToArray();
        var cleaned = new string(chars).Trim('-');
        if (cleaned.StartsWith("ws-", StringComparison.Ordinal))
        {
            cleaned = cleaned[3..];
        }
        return "ws-" + (cleaned.Length == 0 ? "example" : cleaned);
    }
}
