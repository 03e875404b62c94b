# Core arithmetic. Workstreams add functions below.
