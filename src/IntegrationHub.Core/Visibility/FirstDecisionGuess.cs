using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// Whether a CV change signal of a CV's first version decides without first reading the citizen's state (ADR 0063), per
/// registry: the decision is then inserted, which a state written meanwhile or before refuses. A registry's first load
/// is almost all citizens without a state; where events come before CVs most first versions meet a state, and a miss
/// costs two requests (the refused transaction, and the CV read again after the state, ADR 0044's order).
/// </summary>
public sealed class FirstDecisionGuess(bool enabled = true) : PayingGuess("first-decision", enabled);
