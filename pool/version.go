package pool

// Version is poolkit's release, one number for the Go module, the npm
// package (js/package.json) and the HTTP API's GET /v1/health; a test keeps
// the three and CHANGELOG.md in step. It follows semantic versioning: while
// it is 0.x, a minor release may change the API.
const Version = "0.1.0"
