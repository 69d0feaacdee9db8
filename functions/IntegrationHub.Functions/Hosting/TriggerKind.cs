namespace IntegrationHub.Functions.Hosting;

public enum TriggerKind
{
    Http,
    Queue,
    Timer,
}
