using System.Globalization;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
for (var i = 1; i <= count; i++)
{
    Console.WriteLine($"tick {i} of {count}");
}
