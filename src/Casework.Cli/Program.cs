Console.WriteLine("casework");
