var app = WebApplication.Create(args);
app.MapGet("/ping", () => "pong");
app.Run();
