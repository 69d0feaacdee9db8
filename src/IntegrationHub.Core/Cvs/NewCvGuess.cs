using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Cvs;

/// <summary>
/// Whether intake commits a CV as new without first reading its external id (ADR 0063), per registry. A registry's first
/// load is almost all new CVs, and for each of them the read only finds nothing; a nightly full resend is almost all CVs
/// the hub holds, and for each of them a guess costs three requests more than the read would have (the wasted upload, the
/// refused transaction, the upload's delete). A request that names a version (If-Match, or a version in the document)
/// expects a stored CV and is never guessed.
/// </summary>
public sealed class NewCvGuess(bool enabled = true) : PayingGuess("new-cv", enabled);
