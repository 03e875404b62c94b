using System.Runtime.CompilerServices;

using Microsoft.EntityFrameworkCore.Metadata;

namespace Uet.Persistence;

/// <summary>
/// Values built once per EF Core model and key (SQL text and mappings): a model lives as long as its context type, and
/// the table lets a model that goes (a test's) take its values with it.
/// </summary>
internal sealed class PerModelCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConditionalWeakTable<IModel, Dictionary<TKey, TValue>> _byModel = new();

    /// <summary>The value for <paramref name="key"/> in <paramref name="model"/>, built by <paramref name="build"/> the first time.</summary>
    public TValue Get<TState>(IModel model, TKey key, TState state, Func<TState, TKey, TValue> build)
    {
        var byKey = _byModel.GetOrCreateValue(model);
        lock (byKey)
        {
            if (!byKey.TryGetValue(key, out var value))
            {
                value = build(state, key);
                byKey[key] = value;
            }
            return value;
        }
    }
}
