using Uet.Contracts.Plans;

namespace Uet.Domain.Loading;

/// <summary>A workstream as read, with where it came from so later checks can point at the right line.</summary>
internal sealed class LoadedBundle(WorkstreamSpec spec, SourceText source, int offset, int[] fieldOffsets, Scopes.ScopePattern[] patterns)
{
    /// <summary>The valid, distinct entries of files_scope and files_create, parsed once.</summary>
    public Scopes.ScopePattern[] Patterns { get; } = patterns;

    public WorkstreamSpec Spec { get; } = spec;
    public SourceText Source { get; } = source;

    /// <summary>Byte offset of the bundle's opening brace.</summary>
    public int Offset { get; } = offset;

    /// <summary>Byte offset of each field's name (by <see cref="BundleFields"/> index), -1 when absent.</summary>
    public int[] FieldOffsets { get; } = fieldOffsets;

    public (long Line, long Column) Position => Source.Position(Offset);

    /// <summary>Where a field was written, or the bundle itself when the field is absent.</summary>
    public (long Line, long Column) PositionOf(string field) =>
        BundleFields.FieldIndex.TryGetValue(field, out var i) && FieldOffsets[i] >= 0
            ? Source.Position(FieldOffsets[i])
            : Position;
}
