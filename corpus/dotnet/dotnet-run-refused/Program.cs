var app = WebApplication.Create(args);
app.MapGet("/", () => DateTime.UtcNow.ToString("O"));
app.Run();
