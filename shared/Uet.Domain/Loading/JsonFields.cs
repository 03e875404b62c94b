using System.Globalization;
using System.Text.Json;

using Uet.Contracts.Plans;

namespace Uet.Domain.Loading;

/// <summary>A finding inside one JSON object, kept until the object's workstream id is known.</summary>
internal readonly record struct PendingDiagnostic(
    DiagnosticSeverity Severity, string Code, string Message, string Fix, string Field, long Offset);

/// <summary>
/// Typed reads of JSON values straight from a <see cref="Utf8JsonReader"/> (no intermediate DOM, so
/// positions stay exact and 100k bundles stay cheap). A value of the wrong type is recorded and skipped.
/// </summary>
internal sealed class JsonFields(SourceText source)
{
    private readonly List<string> _strings = [];
    private readonly List<long> _offsets = [];

    public SourceText Source { get; } = source;

    /// <summary>The reader's own scratch object for the bundle being read (reused across bundles of one file).</summary>
    public BundleDraft? Draft { get; set; }

    /// <summary>Scope entries of the bundle being read; reused across bundles of one file.</summary>
    public List<Scopes.ScopePattern> Patterns { get; } = [];

    /// <summary>Positions of test gates of the bundle being read (unused for bundles, needed for plan.json).</summary>
    public List<long> GateOffsets { get; } = [];
    public List<PendingDiagnostic> Pending { get; } = [];

    /// <summary>A cleared list for item offsets, reused across reads of one file.</summary>
    public List<long> ScratchOffsets()
    {
        _offsets.Clear();
        return _offsets;
    }

    public void Error(string code, string message, string fix, string field, long offset) =>
        Pending.Add(new PendingDiagnostic(DiagnosticSeverity.Error, code, message, fix, field, offset));

    public void Warning(string code, string message, string fix, string field, long offset) =>
        Pending.Add(new PendingDiagnostic(DiagnosticSeverity.Warning, code, message, fix, field, offset));

    public void WrongType(ref Utf8JsonReader reader, string field, string expected, string example, string code = DiagnosticCodes.WrongType)
    {
        Error(code, $"{field} must be {expected}, found {Describe(reader.TokenType)}.",
            $"Write it as {example}.", field, reader.TokenStartIndex);
        reader.Skip();
    }

    public bool String(ref Utf8JsonReader reader, string field, out string value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString()!;
            return true;
        }
        WrongType(ref reader, field, "a string", $"\"{field}\": \"...\"");
        value = "";
        return false;
    }

    public bool Bool(ref Utf8JsonReader reader, string field, out bool value)
    {
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            value = reader.GetBoolean();
            return true;
        }
        WrongType(ref reader, field, "true or false", $"\"{field}\": true");
        value = false;
        return false;
    }

    public bool Integer(ref Utf8JsonReader reader, string field, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value))
        {
            return true;
        }
        WrongType(ref reader, field, "a whole number", $"\"{field}\": 3");
        value = 0;
        return false;
    }

    /// <summary>An integer that also has to be at least <paramref name="minimum"/>.</summary>
    public bool IntegerAtLeast(ref Utf8JsonReader reader, string field, long minimum, out long value)
    {
        var offset = reader.TokenStartIndex;
        if (!Integer(ref reader, field, out value))
        {
            return false;
        }
        if (value < minimum)
        {
            Error(DiagnosticCodes.BadValue, $"{field} is {value}, but it must be at least {minimum}.",
                $"Set {field} to {minimum} or more.", field, offset);
            return false;
        }
        return true;
    }

    /// <summary>A money amount: a non-negative number (budget errors have their own code).</summary>
    public bool Money(ref Utf8JsonReader reader, string field, out decimal value)
    {
        var offset = reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out value))
        {
            WrongType(ref reader, field, "a number of US dollars", $"\"{field}\": 2.50", DiagnosticCodes.BadBudget);
            value = 0;
            return false;
        }
        if (value < 0)
        {
            Error(DiagnosticCodes.BadBudget, $"{field} is {value.ToString(CultureInfo.InvariantCulture)}; a budget cannot be negative.",
                $"Set {field} to 0 or more, or remove it.", field, offset);
            return false;
        }
        return true;
    }

    public bool Enum(ref Utf8JsonReader reader, string field, IReadOnlyList<string> allowed, out string value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            // Match on the raw bytes first: the usual case then keeps the shared constant and allocates nothing.
            foreach (var candidate in allowed)
            {
                if (reader.ValueTextEquals(candidate))
                {
                    value = candidate;
                    return true;
                }
            }
        }
        var offset = reader.TokenStartIndex;
        if (!String(ref reader, field, out value))
        {
            return false;
        }
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                value = candidate; // share the constant instead of keeping a copy per workstream
                return true;
            }
        }
        Error(DiagnosticCodes.BadEnumValue,
            $"{field} is '{value}', which is not one of: {string.Join(", ", allowed)}.{Validation.Suggestions.DidYouMean(value, allowed)}",
            $"Use one of: {string.Join(", ", allowed)}.", field, offset);
        return false;
    }

    /// <summary>An array of strings; <paramref name="offsets"/>, when given, receives each item's position.</summary>
    public bool StringArray(ref Utf8JsonReader reader, string field, out string[] values, List<long>? offsets = null)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            WrongType(ref reader, field, "an array of strings", $"\"{field}\": [\"...\"]");
            values = [];
            return false;
        }
        var items = _strings;
        items.Clear();
        var ok = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                offsets?.Add(reader.TokenStartIndex);
                items.Add(reader.GetString()!);
            }
            else
            {
                WrongType(ref reader, $"{field}[{items.Count}]", "a string", $"\"{field}\": [\"...\"]");
                ok = false;
            }
        }
        values = items.Count == 0 ? [] : [.. items];
        items.Clear();
        return ok;
    }

    /// <summary>Checks that an object starts here; otherwise records the error and skips the value.</summary>
    public bool ExpectObject(ref Utf8JsonReader reader, string field, string example)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }
        WrongType(ref reader, field, "an object", example);
        return false;
    }

    /// <summary>Reports a property this object does not know, with the closest known name.</summary>
    public void UnknownField(string owner, string name, IReadOnlyList<string> known, long offset, ref Utf8JsonReader reader)
    {
        var hint = Validation.Suggestions.Closest(name, known);
        Error(DiagnosticCodes.UnknownField,
            hint is null ? $"'{name}' is not a field of {owner}." : $"'{name}' is not a field of {owner}. Did you mean '{hint}'?",
            hint is null ? $"Remove it; known fields are: {string.Join(", ", known)}." : $"Rename it to '{hint}', or remove it.",
            name, offset);
        reader.Skip();
    }

    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => type.ToString(),
    };
}
