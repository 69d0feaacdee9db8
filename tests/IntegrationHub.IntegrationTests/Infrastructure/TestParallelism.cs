// xunit runs test collections side by side and the classes of one collection one after another. The integration
// classes are in five collections, each with an Azurite of its own: three by capability (AzuriteFixture.cs says why and
// how they are split), ScaleCollection and DocsCollection.
// No thread limit: the docs tests block a thread on a command-line tool for minutes, and with xunit's default (one
// thread per core) that would starve the other collections on a two-core machine.
[assembly: CollectionBehavior(MaxParallelThreads = -1)]
