using AgentMarketplace.Users.Accounts;

namespace AgentMarketplace.Users.Tests;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr0ub4dor&3x")]
    [InlineData("ten chars!")]
    [InlineData("ünïcødé-pässwörd")]
    public void Long_uncommon_passwords_are_accepted(string password) =>
        Assert.Null(PasswordPolicy.Check(password, "someone@example.com"));

    [Theory]
    [InlineData("")]
    [InlineData("nine char")]
    public void Passwords_under_ten_characters_are_refused(string password) =>
        Assert.Contains("at least 10", PasswordPolicy.Check(password, null));

    [Theory]
    [InlineData("password123")]
    [InlineData("PASSWORD123")]
    [InlineData("1234567890")]
    [InlineData("qwertyuiop")]
    public void Common_passwords_are_refused_whatever_their_case(string password) =>
        Assert.Contains("common", PasswordPolicy.Check(password, null));

    [Fact]
    public void The_email_address_is_not_a_password() =>
        Assert.Contains("email", PasswordPolicy.Check("Someone@Example.com", "someone@example.com"));

    [Fact]
    public void Absurdly_long_passwords_are_refused() =>
        Assert.Contains("at most", PasswordPolicy.Check(new string('x', PasswordPolicy.MaxLength + 1), null));
}
