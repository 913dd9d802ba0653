//go:build js && wasm

package pool

import (
	"syscall/js"
	"time"
)

// cpuClock returns the process's CPU time so far, from Node's
// process.cpuUsage: on a busy machine a kernel's wall time counts the time
// slices given to other processes, its CPU time does not.
func cpuClock() time.Duration {
	u := js.Global().Get("process").Call("cpuUsage")
	return time.Duration(u.Get("user").Float()+u.Get("system").Float()) * time.Microsecond
}
