using System.Text;

namespace Uet.Worker.Tools;

/// <summary>The last lines of a process's output, bounded, for events and failure reasons.</summary>
internal sealed class OutputTail(int maxChars = 4000)
{
    private readonly LinkedList<string> _lines = new();
    private readonly Lock _lock = new();
    private int _chars;

    public void Add(string line)
    {
        lock (_lock)
        {
            _lines.AddLast(line);
            _chars += line.Length + 1;
            while (_chars > maxChars && _lines.Count > 1)
            {
                _chars -= _lines.First!.Value.Length + 1;
                _lines.RemoveFirst();
            }
        }
    }

    public string Text
    {
        get
        {
            lock (_lock)
            {
                var text = string.Join('\n', _lines);
                return text.Length > maxChars ? text[^maxChars..] : text;
            }
        }
    }

    public string LastLine
    {
        get
        {
            lock (_lock)
            {
                return _lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
            }
        }
    }
}
