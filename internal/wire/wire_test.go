package wire

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// The checked-in js/wire.js must be what go generate writes now.
func TestJSIsGenerated(t *testing.T) {
	got, err := os.ReadFile("../../" + JSPath)
	require.NoError(t, err)
	require.Equal(t, string(JS()), string(got), "js/wire.js is stale: run go generate ./internal/wire")
}

func TestSlotsAreOrderedAndFitTheRecord(t *testing.T) {
	for i := 1; i < len(Slots); i++ {
		require.Less(t, Slots[i-1].Index, Slots[i].Index, Slots[i].Name)
	}
	require.Equal(t, Slot{"length", Len}, Slots[len(Slots)-1])
}

func TestEnumCodesArePoolValues(t *testing.T) {
	for code, name := range Ops {
		if name == "" {
			continue
		}
		op, err := pool.ParseOp(name)
		require.NoError(t, err)
		require.Equal(t, code, int(op))
	}
	for code, name := range Alphas {
		a, err := pool.ParseAlpha(name)
		require.NoError(t, err)
		require.Equal(t, code, int(a))
	}
	for code, name := range ColorSpaces {
		c, err := pool.ParseColorSpace(name)
		require.NoError(t, err)
		require.Equal(t, code, int(c))
	}
}
