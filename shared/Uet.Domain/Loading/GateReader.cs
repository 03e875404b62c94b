using System.Text.Json;

using Uet.Contracts.Plans;

namespace Uet.Domain.Loading;

/// <summary>Reads <c>test_gates</c> (bundles) and <c>integration_gates</c> (plan.json): arrays of gate objects.</summary>
internal static class GateReader
{
    private const string Example = "[{\"type\": \"GATE_UNIT\", \"command\": \"dotnet test\"}]";

    /// <summary>Reads the array; gates with errors are left out. <paramref name="offsets"/> receives each kept gate's position.</summary>
    public static IReadOnlyList<TestGateSpec> ReadArray(ref Utf8JsonReader reader, JsonFields fields, string field, List<long> offsets)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            fields.WrongType(ref reader, field, "an array of gate objects", Example);
            return [];
        }
        var gates = new List<TestGateSpec>();
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var at = reader.TokenStartIndex;
            var name = FieldNames.Indexed(field, index++);
            if (!fields.ExpectObject(ref reader, name, Example))
            {
                continue;
            }
            if (ReadGate(ref reader, fields, name, at) is { } gate)
            {
                gates.Add(gate);
                offsets.Add(at);
            }
        }
        return gates;
    }

    private static TestGateSpec? ReadGate(ref Utf8JsonReader reader, JsonFields fields, string name, long start)
    {
        string? type = null;
        bool required = true, blocking = true, ok = true;
        string? command = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var at = reader.TokenStartIndex;
            var property = reader.ValueTextEquals("type"u8) ? "type"
                : reader.ValueTextEquals("required"u8) ? "required"
                : reader.ValueTextEquals("blocking"u8) ? "blocking"
                : reader.ValueTextEquals("command"u8) ? "command"
                : reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case "type":
                    ok &= fields.Enum(ref reader, FieldNames.Child(name, "type"), GateTypes.All, out var t);
                    type = t;
                    break;
                case "required":
                    ok &= fields.Bool(ref reader, FieldNames.Child(name, "required"), out required);
                    break;
                case "blocking":
                    ok &= fields.Bool(ref reader, FieldNames.Child(name, "blocking"), out blocking);
                    break;
                case "command":
                    ok &= fields.String(ref reader, FieldNames.Child(name, "command"), out var c);
                    command = string.IsNullOrWhiteSpace(c) ? null : c;
                    break;
                default:
                    fields.UnknownField($"a gate ({name})", property, BundleFields.GateFields, at, ref reader);
                    ok = false;
                    break;
            }
        }
        if (type is null && ok)
        {
            fields.Error(DiagnosticCodes.MissingField, $"{name} has no type.",
                $"Add \"type\": one of {string.Join(", ", GateTypes.All)}.", FieldNames.Child(name, "type"), start);
        }
        return ok && type is not null ? new TestGateSpec(type, required, blocking, command) : null;
    }
}
