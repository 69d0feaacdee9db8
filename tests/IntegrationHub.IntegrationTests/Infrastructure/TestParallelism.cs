// xunit runs test collections side by side and the classes of one collection one after another. Most integration
// classes share AzuriteCollection; ScaleCollection and DocsCollection (each with an Azurite of its own) run beside it.
// No thread limit: the docs tests block a thread on a command-line tool for minutes, and with xunit's default (one
// thread per core) that would starve the other collections on a two-core machine.
[assembly: CollectionBehavior(MaxParallelThreads = -1)]
