namespace Uet.TestInfrastructure;

/// <summary>
/// The file scripts/test.sh sources (<c>. FILE</c>) once the containers are ready: one <c>export NAME='value'</c> a line.
/// Values are single-quoted because connection strings carry ';', which the shell would otherwise take as a command end.
/// </summary>
public static class EnvFile
{
    public static string Format(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var lines = new List<string> { "# Written by tests/Uet.TestInfrastructure for scripts/test.sh; removed when the containers are." };
        foreach (var (name, value) in variables)
        {
            if (name.Length == 0 || !name.All(c => c == '_' || char.IsAsciiLetterOrDigit(c)) || char.IsAsciiDigit(name[0]))
            {
                throw new ArgumentException($"'{name}' is not a shell variable name", nameof(variables));
            }

            lines.Add($"export {name}={Quote(value)}");
        }

        return string.Join('\n', lines) + "\n";
    }

    /// <summary>
    /// Writes beside the target and renames, so that the script, which waits for the file to appear, never reads half of it.
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, string>> variables)
    {
        var partial = path + ".partial";
        File.WriteAllText(partial, Format(variables));
        File.Move(partial, path, overwrite: true);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
