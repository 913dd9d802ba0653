module github.com/poolkit/poolkit

go 1.26.0

require (
	github.com/stretchr/testify v1.12.1 // indirect
	github.com/syumai/workers v0.33.0 // indirect
	golang.org/x/image v0.48.0 // indirect
)
