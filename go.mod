module github.com/poolkit/poolkit

go 1.26.0

require (
	github.com/stretchr/testify v1.12.1
	github.com/syumai/workers v0.33.0
	golang.org/x/image v0.48.0
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect

tool github.com/syumai/workers/cmd/workers-assets-gen
