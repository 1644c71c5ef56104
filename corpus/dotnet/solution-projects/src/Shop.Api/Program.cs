using Shop.Core;

var app = WebApplication.Create(args);
var catalog = new Catalog();
app.MapGet("/products", () => catalog.All());
app.Run();
