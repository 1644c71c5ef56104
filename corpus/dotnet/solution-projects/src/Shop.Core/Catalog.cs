namespace Shop.Core;

public sealed class Catalog
{
    private readonly List<string> _items = ["tea", "coffee"];

    public IReadOnlyList<string> All() => _items;
}
