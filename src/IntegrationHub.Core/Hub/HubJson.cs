using System.Text.Json.Serialization;
using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.Hub;

/// <summary>The one serializer context for the hub's internal messages and answers.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CvChangesPage))]
[JsonSerializable(typeof(CvSubmitted))]
[JsonSerializable(typeof(List<NationalIdFinding>))]
[JsonSerializable(typeof(IntegrationHub.Core.Visibility.Events.CitizenEvent))]
[JsonSerializable(typeof(IntegrationHub.Core.Visibility.VisibilityState))]
[JsonSerializable(typeof(IntegrationHub.Core.Visibility.VisibilityInterval))]
[JsonSerializable(typeof(IntegrationHub.Core.Visibility.CvVisibilityChanged))]
[JsonSerializable(typeof(IntegrationHub.Core.Visibility.InactivityNotice))]
[JsonSerializable(typeof(IntegrationHub.Core.Access.SecurityAlert))]
[JsonSerializable(typeof(IntegrationHub.Core.Access.Incident))]
[JsonSerializable(typeof(IntegrationHub.Contracts.JobAds.JobAdDocument))]
[JsonSerializable(typeof(IntegrationHub.Core.JobAds.JobAdSubmitted))]
[JsonSerializable(typeof(IntegrationHub.Core.JobAds.JobAdView))]
[JsonSerializable(typeof(IntegrationHub.Core.JobAds.JobAdDeliveryPage))]
[JsonSerializable(typeof(IntegrationHub.Core.JobAds.JobAdStatusChanged))]
[JsonSerializable(typeof(IntegrationHub.Core.JobAds.Eures.EuresGetAllResponse))]
[JsonSerializable(typeof(IntegrationHub.Core.JobAds.Eures.EuresGetChangesResponse))]
[JsonSerializable(typeof(IntegrationHub.Core.JobAds.Eures.EuresGetDetailsResponse))]
[JsonSerializable(typeof(IntegrationHub.Core.Breach.BreachCampaign))]
[JsonSerializable(typeof(IntegrationHub.Core.Breach.BreachReport))]
[JsonSerializable(typeof(IntegrationHub.Core.Breach.BreachDeliveryPage))]
[JsonSerializable(typeof(IntegrationHub.Core.Breach.RunBreachDryRun))]
[JsonSerializable(typeof(IntegrationHub.Core.Breach.RegistryDeliveryRequest))]
[JsonSerializable(typeof(IntegrationHub.Core.Breach.BreachCount[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IntegrationHub.Core.Erasure.CvErased))]
[JsonSerializable(typeof(IntegrationHub.Core.Erasure.ErasureJob))]
[JsonSerializable(typeof(IntegrationHub.Core.Erasure.ResumeErasure))]
public sealed partial class HubJson : JsonSerializerContext
{
}
