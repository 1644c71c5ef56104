using System.Globalization;

var app = WebApplication.Create(args);
// Culture-specific formatting needs ICU: the plain alpine runtime images run in invariant mode.
app.MapGet("/price/{culture}", (string culture) => 1234.5m.ToString("C", new CultureInfo(culture)));
app.MapGet("/time/{zone}", (string zone) => TimeZoneInfo.ConvertTime(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("O"));
app.Run();
