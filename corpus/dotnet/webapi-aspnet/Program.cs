var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

var notes = new List<string> { "first note" };

app.UseStaticFiles();
app.MapGet("/notes", () => notes);
app.MapPost("/notes", (string text) => { notes.Add(text); return Results.Created("/notes", text); });
app.MapGet("/healthz", () => "ok");

app.Run();
