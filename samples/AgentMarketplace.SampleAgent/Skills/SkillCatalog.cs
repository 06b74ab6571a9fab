namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>Every skill this agent offers, in the order its card and registration list them.</summary>
internal static class SkillCatalog
{
    public static IReadOnlyList<ISkill> All { get; } = [new EchoSkill(), new WordCountSkill(), new SentimentSkill(), new SummarizeSkill()];

    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(skill => skill.Id)];

    public static ISkill? Find(string id) => All.FirstOrDefault(skill => skill.Id == id);
}
