namespace IntegrationHub.Core.Cvs;

public sealed record CvWarning(string Field, string Rule, string Detail);
