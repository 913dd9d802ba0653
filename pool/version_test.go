package pool_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/poolkit/poolkit/pool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One release number for the Go module, the npm package and the changelog:
// a release bumps pool.Version and js/package.json together and says what
// changed under a heading of that number.
func TestVersionAgreesWithPackageAndChangelog(t *testing.T) {
	assert.Regexp(t, `^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`, pool.Version, "semantic version")

	raw, err := os.ReadFile("../js/package.json")
	require.NoError(t, err)
	var pkg struct {
		Version string `json:"version"`
	}
	require.NoError(t, json.Unmarshal(raw, &pkg))
	assert.Equal(t, pool.Version, pkg.Version, "js/package.json's version")

	log, err := os.ReadFile("../CHANGELOG.md")
	require.NoError(t, err)
	heading := regexp.MustCompile(`(?m)^## \[?v?([0-9][^\] ]*)\]?`).FindStringSubmatch(string(log))
	require.NotNil(t, heading, "CHANGELOG.md has no '## x.y.z' heading")
	assert.Equal(t, pool.Version, strings.TrimPrefix(heading[1], "v"), "CHANGELOG.md's newest release")
}
