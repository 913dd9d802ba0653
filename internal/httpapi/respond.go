package httpapi

// Answers: errors as JSON with their status, bodies with their headers, and
// the Server-Timing of a request's phases.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/poolkit/poolkit/pool"
)

// apiError is an error with the status it answers with.
type apiError struct {
	status int
	msg    string
	option string // the option at fault, when there is one
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// optionErrorf is errorf for an answer that one option, or the body, is at
// fault for: the JSON names it in "option", as a JS error's err.option does,
// so that a client can point at it without reading the message.
func optionErrorf(status int, option, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...), option: option}
}

// writeError answers with err as JSON. pool's errors are all about options or
// input, so they are 400s; an error of no known kind is the server's fault.
func writeError(w http.ResponseWriter, err error) {
	var ae *apiError
	var oe *pool.OptionError
	switch {
	case errors.As(err, &ae):
		if ae.status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
	case errors.As(err, &oe):
		ae = &apiError{status: http.StatusBadRequest, msg: oe.Error(), option: oe.Option}
	default:
		ae = &apiError{status: http.StatusInternalServerError, msg: err.Error()}
	}
	body, _ := json.Marshal(struct {
		Error  string `json:"error"`
		Option string `json:"option,omitempty"`
	}{ae.msg, ae.option})
	writeBody(w, ae.status, "application/json", append(body, '\n'))
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if !writeWhole(w, body) {
		w.Write(body)
	}
}

// phase is a named part of a request's work.
type phase struct {
	name string
	dur  time.Duration
}

// serverTiming formats phases as a Server-Timing header, which browsers show
// beside the request and the site reads.
func serverTiming(phases ...phase) string {
	var b []byte
	for i, p := range phases {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, p.name+";dur="...)
		b = strconv.AppendFloat(b, float64(p.dur.Microseconds())/1000, 'f', 3, 64)
	}
	return string(b)
}
