Console.WriteLine("Uet.Scheduler: host not wired yet");
