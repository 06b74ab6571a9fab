using AgentMarketplace.Users.Accounts;

namespace AgentMarketplace.Users.Tests;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("Alice@Example.COM", "alice@example.com")]
    [InlineData("  bob@example.com  ", "bob@example.com")]
    [InlineData("zoë@bücher.example", "zoë@xn--bcher-kva.example")]
    public void Addresses_normalise_to_one_comparable_form(string input, string expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(input));

    [Fact]
    public void Composed_and_decomposed_unicode_normalise_alike() =>
        Assert.Equal(EmailAddress.Normalize("zo\u00EB@example.com"), EmailAddress.Normalize("zoe\u0308@example.com"));

    [Theory]
    [InlineData("a@b.co", true)]
    [InlineData("first.last+tag@sub.example.org", true)]
    [InlineData("no-at-sign.example.com", false)]
    [InlineData("two@@example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("user@", false)]
    [InlineData("user@localhost", false)]
    [InlineData("user@.example.com", false)]
    [InlineData("us er@example.com", false)]
    [InlineData("user@example.com\n", true)]
    public void Validity_is_one_at_a_dotted_domain_and_no_spaces(string email, bool valid) =>
        Assert.Equal(valid, EmailAddress.IsValid(email));
}
