using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>The channel rate as letters per minute for the whole campaign.</summary>
public static class BreachPacing
{
    /// <summary>
    /// Pages mix channels in the audience's proportions, so the campaign goes at the pace that keeps its busiest
    /// channel (relative to its rate) at its rate: min over channels of rate(c) x total / count(c). The rate of a channel
    /// is the lower of the campaign's <c>ratePerMinute</c> and every registry's configured rate for it. Null: no limit.
    /// </summary>
    public static double? LettersPerMinute(BreachCampaign campaign, BreachDeliveryOptions options)
    {
        if (campaign.Audience is not { Citizens: > 0 } audience)
        {
            return null;
        }
        double? pace = null;
        foreach (var channel in audience.ByChannel.Where(c => c.Count > 0))
        {
            int? rate = campaign.ChannelPolicy.RatePerMinute;
            foreach (var registry in options.Registries.Values)
            {
                if (registry.ChannelRates.TryGetValue(channel.Key, out var limit) && limit > 0)
                {
                    rate = rate is { } r ? Math.Min(r, limit) : limit;
                }
            }
            if (rate is { } perMinute)
            {
                var total = (double)perMinute * audience.Citizens / channel.Count;
                pace = pace is { } p ? Math.Min(p, total) : total;
            }
        }
        return pace;
    }
}
