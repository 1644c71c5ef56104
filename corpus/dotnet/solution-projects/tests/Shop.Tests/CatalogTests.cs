using Shop.Core;
using Xunit;

public class CatalogTests
{
    [Fact]
    public void ListsTwoItems() => Assert.Equal(2, new Catalog().All().Count);
}
