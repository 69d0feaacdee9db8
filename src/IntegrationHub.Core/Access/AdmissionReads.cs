namespace IntegrationHub.Core.Access;

/// <summary>The reads an admission begins with, started by <see cref="AccessGuard.BeginAdmission"/> for one caller and UTC day.</summary>
public sealed record AdmissionReads(string Day, Task<string?> Suspension, Task<UsageCounter> Account, Task<UsageCounter?> User, Task<PriorDays> Prior);
