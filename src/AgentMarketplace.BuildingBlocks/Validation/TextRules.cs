using FluentValidation;

namespace AgentMarketplace.BuildingBlocks.Validation;

public static class TextRules
{
    /// <summary>Display text: any script, but not blank and no control characters (they break logs and UIs).</summary>
    public static IRuleBuilderOptions<T, string?> DisplayText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.NotEmpty()
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
            .MaximumLength(maxLength)
            .Must(s => s is null || !s.Any(char.IsControl)).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>Long text (descriptions, changelogs): control characters other than line breaks and tabs are refused.</summary>
    public static IRuleBuilderOptions<T, string?> ProseText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength)
            .Must(s => s is null || !s.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            .WithMessage("'{PropertyName}' must not contain control characters.");
}
