using System.CommandLine;

using Uet.Cli;
using Uet.Cli.Commands;

// Each command lives in Commands/<Name>Command.cs and exposes `public static Command Create()`;
// adding a command is one line here.
var root = new RootCommand("uet: runs a plan of workstreams with coding tools, in parallel and safely.")
{
    ValidateCommand.Create(),
    RunCommand.Create(),
    RunsCommand.Create(),
    StatusCommand.Create(),
    WatchCommand.Create(),
    CancelCommand.Create(),
    ResumeCommand.Create(),
    ReportCommand.Create(),
    EventsCommand.Create(),
    WorkersCommand.Create(),
    FetchCommand.Create(),
};

return await CliHost.RunAsync(root, args);
