namespace IntegrationHub.Core.Access;

/// <summary>One entry of the boards' change list.</summary>
public sealed record FeedChange(string Registry, string CvId, string Change, DateTimeOffset At);
