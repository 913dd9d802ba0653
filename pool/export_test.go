package pool

// CPUClock is cpuClock for the benchmarks of package pool_test.
var CPUClock = cpuClock
