//go:build js

package pool_test

import (
	"syscall/js"
	"time"
)

// cpuTime returns the CPU time the Node process has used, every thread's.
func cpuTime() time.Duration {
	u := js.Global().Get("process").Call("cpuUsage")
	return time.Duration((u.Get("user").Float() + u.Get("system").Float()) * float64(time.Microsecond))
}
