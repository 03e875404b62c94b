// The Uet meter and ActivitySource are static: a test counts what its own MeterProvider saw, which is only exact
// while no other test records at the same time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
