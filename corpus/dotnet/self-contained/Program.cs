var app = WebApplication.Create(args);
app.MapGet("/relay/{target}", (string target) => Results.Ok(new { target, at = DateTimeOffset.UtcNow }));
app.Run();
