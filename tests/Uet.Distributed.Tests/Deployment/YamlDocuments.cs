using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Uet.Distributed.Tests.Deployment;

/// <summary>
/// The documents of a YAML file as plain maps, lists and strings, with anchors and merge keys (<c>&lt;&lt;: *x</c>)
/// applied as Docker Compose applies them.
/// </summary>
internal static class YamlDocuments
{
    public static IReadOnlyList<YamlMap> Load(string path)
    {
        using var reader = File.OpenText(path);
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<YamlMap>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize(parser) is Dictionary<object, object> map)
            {
                documents.Add(new YamlMap(map));
            }
        }
        return documents;
    }
}

/// <summary>A YAML mapping, read by paths of keys.</summary>
internal sealed class YamlMap(Dictionary<object, object> entries)
{
    public IEnumerable<string> Keys => entries.Keys.Select(k => k.ToString()!);

    public string? Text(params string[] path) => Find(path) as string;

    public YamlMap? Map(params string[] path) => Find(path) is Dictionary<object, object> map ? new YamlMap(map) : null;

    public IReadOnlyList<object> List(params string[] path) => Find(path) as List<object> ?? [];

    public IEnumerable<YamlMap> Maps(params string[] path) => List(path).OfType<Dictionary<object, object>>().Select(m => new YamlMap(m));

    private object? Find(string[] path)
    {
        object? node = entries;
        foreach (var key in path)
        {
            node = node is Dictionary<object, object> map && map.TryGetValue(key, out var next) ? next : null;
        }
        return node;
    }
}
