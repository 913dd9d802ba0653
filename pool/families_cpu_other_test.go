//go:build !unix && !js

package pool_test

import "time"

// cpuTime is unknown here: BenchmarkFamilies then reports wall time only.
func cpuTime() time.Duration { return 0 }
