namespace Uet.TestInfrastructure.Tests;

/// <summary>A test of the container path itself: it starts real containers, so it needs a Docker engine.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!DockerEngine.Answers)
        {
            Skip = "no Docker engine answers here, so the container path cannot be run (the team's machines have none)";
        }
    }
}

/// <summary>A test of what happens without Docker: where an engine answers, the program would start containers instead.</summary>
public sealed class NoDockerFactAttribute : FactAttribute
{
    public NoDockerFactAttribute()
    {
        if (DockerEngine.Answers)
        {
            Skip = "a Docker engine answers here: the program would start containers rather than report that none answers";
        }
    }
}
