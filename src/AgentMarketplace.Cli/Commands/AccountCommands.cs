using System.CommandLine;
using System.Globalization;
using AgentMarketplace.Client;

namespace AgentMarketplace.Cli.Commands;

/// <summary>`agentmarket usage` and `agentmarket invoices`: what your calls cost.</summary>
internal static class AccountCommands
{
    public static Command Usage(CommandRunner runner)
    {
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (ISO-8601; default: the start of this month)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End (ISO-8601; default: now)." };
        var command = new Command("usage", "Your calls, units and cost per agent and deployment in a period.") { from, to };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var usage = await client.Api.V1.Billing.Usage.GetAsync(r =>
            {
                r.QueryParameters.From = parse.GetValue(from);
                r.QueryParameters.To = parse.GetValue(to);
            }, ct);
            await output.ResultAsync(usage!, () =>
            {
                output.Table(["AGENT", "DEPLOYMENT", "CALLS", "UNITS", "AMOUNT"], (usage!.Items ?? []).Select(line => new[]
                {
                    line.AgentId?.ToString(), line.DeploymentId?.ToString(), Number(line.Calls), Number(line.Units), Cents(line.AmountCents, usage.Currency),
                }));
                output.Line($"total {Cents(usage.TotalCents, usage.Currency)} ({usage.From:yyyy-MM-dd} to {usage.To:yyyy-MM-dd})");
            });
            return 0;
        }));
        return command;
    }

    public static Command Invoices(CommandRunner runner)
    {
        var id = new Argument<Guid>("id") { Description = "The invoice's id." };
        var show = new Command("show", "One invoice with its lines.") { id };
        show.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var invoice = await client.Api.V1.Billing.Invoices[parse.GetValue(id)].GetAsync(cancellationToken: ct);
            await output.ResultAsync(invoice!, () =>
            {
                output.Line($"{invoice!.Number}  {invoice.Status.ToWire()}  {invoice.PeriodStart:yyyy-MM-dd} to {invoice.PeriodEnd:yyyy-MM-dd}");
                output.Table(["DESCRIPTION", "QUANTITY", "UNIT PRICE", "AMOUNT"], (invoice.Lines ?? []).Select(line => new[]
                {
                    line.Description, Number(line.Quantity), Cents(line.UnitPriceCents, invoice.Currency), Cents(line.AmountCents, invoice.Currency),
                }));
                output.Line($"total {Cents(invoice.TotalCents, invoice.Currency)}");
            });
            return 0;
        }));

        var command = new Command("invoices", "Your invoices, newest first; `invoices show <id>` for one.") { show };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var page = await client.Api.V1.Billing.Invoices.GetAsync(cancellationToken: ct);
            await output.ResultAsync(page!, () => output.Table(["ID", "NUMBER", "STATUS", "PERIOD", "TOTAL"], (page!.Items ?? []).Select(invoice => new[]
            {
                invoice.Id?.ToString(), invoice.Number, invoice.Status.ToWire(),
                $"{invoice.PeriodStart:yyyy-MM-dd}..{invoice.PeriodEnd:yyyy-MM-dd}", Cents(invoice.TotalCents, invoice.Currency),
            })));
            return 0;
        }));
        return command;
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Minor units as they are, with the currency: the API's money is never a float.</summary>
    private static string Cents(long? cents, string? currency) => $"{Number(cents)}¢ {currency}".Trim();
}
