using System.Text.RegularExpressions;
using AgentMarketplace.McpEdge.Server;

namespace AgentMarketplace.McpEdge.Tests;

public sealed partial class ToolNamesTests
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex McpToolName();

    [Fact]
    public void A_name_is_the_slug_the_last_eight_hex_digits_of_the_deployment_and_the_capability()
    {
        var deployment = Guid.Parse("0193a5c2-e4f6-7a8b-9c0d-1e2f3a4b5c6d");

        var handle = ToolNames.Handles([deployment])[deployment];

        Assert.Equal("text-tools_3a4b5c6d_word-count", ToolNames.Name("text-tools", handle, "word-count"));
    }

    [Fact]
    public void Deployments_whose_short_handles_collide_use_their_whole_ids_and_the_others_keep_theirs()
    {
        var first = Guid.Parse("00000000-0000-7000-8000-0000aabbccdd");
        var second = Guid.Parse("11111111-0000-7000-8000-1111aabbccdd");
        var third = Guid.Parse("22222222-0000-7000-8000-000012345678");

        var handles = ToolNames.Handles([first, second, third]);

        Assert.Equal("000000000000700080000000aabbccdd", handles[first]);
        Assert.Equal("111111110000700080001111aabbccdd", handles[second]);
        Assert.Equal("12345678", handles[third]);
    }

    [Fact]
    public void The_slug_is_shortened_so_that_the_longest_name_keeps_to_128_characters_and_its_capability()
    {
        var slug = "a" + new string('b', 62) + "c";
        var capability = "C" + new string('d', 63);

        var name = ToolNames.Name(slug, new string('f', 32), capability);

        Assert.Equal(128, name.Length);
        Assert.Matches(McpToolName(), name);
        Assert.EndsWith("_" + capability, name, StringComparison.Ordinal);
        Assert.StartsWith("abbb", name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shortened_slug_does_not_end_in_a_dash()
    {
        var slug = new string('a', 29) + "-" + new string('b', 34);

        var name = ToolNames.Name(slug, new string('f', 32), new string('c', 64));

        Assert.StartsWith(new string('a', 29) + "_", name, StringComparison.Ordinal);
    }
}
