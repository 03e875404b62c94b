using System.Text;

namespace Uet.Integration;

/// <summary>Keeps only the last characters of a process's combined output: enough to explain a failure, bounded in memory.</summary>
internal sealed class OutputTail(int maxChars)
{
    private readonly StringBuilder buffer = new();
    private readonly Lock gate = new();

    public void AppendLine(string line)
    {
        lock (gate)
        {
            buffer.Append(line).Append('\n');
            // Trim in batches so a chatty process does not cost a copy per line.
            if (buffer.Length > 2 * maxChars)
            {
                buffer.Remove(0, buffer.Length - maxChars);
            }
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            var text = buffer.ToString();
            return text.Length <= maxChars ? text : text[^maxChars..];
        }
    }
}
