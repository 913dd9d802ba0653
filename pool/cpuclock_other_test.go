//go:build !linux && !(js && wasm)

package pool

import "time"

var clockStart = time.Now()

// cpuClock is the wall time where no CPU clock is at hand.
func cpuClock() time.Duration { return time.Since(clockStart) }
