Console.WriteLine("Uet.Planner: host not wired yet");
