package main

import (
	"log"
	"net/http"
	"time"
)

// logged writes one line per request: method, path, status, bytes sent and
// time taken, e.g. "POST /v1/pool 200 51234B 38.1ms".
func logged(logger *log.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w}
		defer func() {
			if rw.status == 0 {
				rw.status = http.StatusOK
			}
			logger.Printf("%s %s %d %dB %.1fms", r.Method, r.URL.RequestURI(), rw.status, rw.bytes, float64(time.Since(start).Microseconds())/1000)
		}()
		h.ServeHTTP(rw, r)
	})
}

// statusWriter notes the status and the bytes of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusWriter) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection beneath.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
