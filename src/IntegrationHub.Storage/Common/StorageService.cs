namespace IntegrationHub.Storage.Common;

/// <summary>The storage service a request went to: each has its own price per 10,000 transactions.</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}
