// Every test here starts a whole cluster of processes on one shared broker: one at a time, on 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
