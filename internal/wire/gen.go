//go:build ignore

// gen writes js/wire.js from package wire: go generate ./internal/wire.
package main

import (
	"log"
	"os"

	"github.com/poolkit/poolkit/internal/wire"
)

func main() {
	if err := os.WriteFile("../../"+wire.JSPath, wire.JS(), 0o644); err != nil {
		log.Fatal(err)
	}
}
