package httpapi

// Admission: how much work a request may hold while it runs, against
// Limits.MaxBytesInFlight, and the slots of Config.MaxInFlight.

import "net/http"

// The estimates behind MaxBytesInFlight. A picture needs its decoded form
// (up to 4 bytes a pixel), its RGBA pixels (4), the pooled result (up to 4)
// and the encoded answer, which is smaller than the result in practice; a
// JSON tensor needs its body, a copy of its data member, the float32 input
// (at most 2 bytes of JSON per element) and the output.
const (
	bytesPerPixel      = 12
	bytesPerTensorByte = 4
)

// pixelCost is the work reserved for a picture of w x h pixels.
func pixelCost(w, h int) int64 { return bytesPerPixel * int64(w) * int64(h) }

// acquire waits for a slot to work in; release gives it back.
func (h *handler) acquire(r *http.Request) error {
	if h.slots == nil {
		return nil
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-r.Context().Done():
		return errorf(http.StatusServiceUnavailable, "the request was cancelled while it waited for a free slot")
	}
}

func (h *handler) release() {
	if h.slots != nil {
		<-h.slots
	}
}

// reserve claims n bytes of MaxBytesInFlight for a request's work, or
// answers 503 when the requests in progress hold too much of it. A request
// alone is always let in: the other limits bound its size. The caller calls
// unreserve(n) when its answer is written.
func (h *handler) reserve(n int64) error {
	if h.limits.MaxBytesInFlight <= 0 {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.inFlight > 0 && h.inFlight+n > h.limits.MaxBytesInFlight {
		return errorf(http.StatusServiceUnavailable, "busy: the requests in progress hold %d MiB of the %d MiB this server works on at once and this one needs %d MiB; retry in a moment",
			h.inFlight>>20, h.limits.MaxBytesInFlight>>20, (n+1<<20-1)>>20)
	}
	h.inFlight += n
	return nil
}

func (h *handler) unreserve(n int64) {
	if h.limits.MaxBytesInFlight <= 0 {
		return
	}
	h.mu.Lock()
	h.inFlight -= n
	h.mu.Unlock()
}
