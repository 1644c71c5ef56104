var app = WebApplication.Create(args);
app.MapGet("/", () => $"hello from {Environment.MachineName}");
app.Run();
