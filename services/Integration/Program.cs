Console.WriteLine("Uet.Integration: host not wired yet");
