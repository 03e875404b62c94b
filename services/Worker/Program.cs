Console.WriteLine("Uet.Worker: host not wired yet");
