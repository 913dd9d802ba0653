//go:build linux

package pool

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// cpuClock returns the calling thread's CPU time so far (the benchmark locks
// its goroutine to its thread): on a busy machine a kernel's wall time counts
// the time slices given to other processes, its CPU time does not.
func cpuClock() time.Duration {
	runtime.LockOSThread()
	var ts syscall.Timespec
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		panic(errno)
	}
	return time.Duration(ts.Nano())
}
