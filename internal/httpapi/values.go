package httpapi

// Option values as clients write them, in a query string or in JSON, reduced
// to atoms that one set of rules reads.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/poolkit/poolkit/internal/wire"
	"github.com/poolkit/poolkit/pool"
)

// value is one option as a client wrote it: a query parameter's text or a
// JSON member. Both reduce to a list of atoms, so that one set of rules reads
// either, and kernel=3,2 means what "kernel": [3, 2] means.
type value struct {
	atoms []string // the numbers and words written, in order
	list  bool     // written with commas or as a JSON array
	shown string   // as written, for error messages
}

// field is one named option.
type field struct {
	key string
	v   value
}

// textValue reads a query parameter (or a JSON string, which reads the same):
// "3", "3,2", "same", "true".
func textValue(s string) value {
	atoms := strings.Split(s, ",")
	for i, a := range atoms {
		atoms[i] = strings.TrimSpace(a)
	}
	return value{atoms: atoms, list: len(atoms) > 1, shown: strconv.Quote(s)}
}

// jsonValue reads a JSON member. ok is false for null, which means "not
// given", as undefined does in the JS API.
func jsonValue(key string, raw json.RawMessage) (v value, ok bool, err error) {
	shown := shorten(string(raw))
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return value{}, false, &pool.OptionError{Option: key, Value: shown, Rule: "is not valid JSON"}
	}
	atom := func(x any) (string, bool) {
		switch x := x.(type) {
		case json.Number:
			return x.String(), true
		case string:
			return x, true
		case bool:
			return strconv.FormatBool(x), true
		}
		return "", false
	}
	if err := checkJSONKind(key, x, shown); err != nil {
		return value{}, false, err
	}
	switch x := x.(type) {
	case nil:
		return value{}, false, nil
	case string:
		v = textValue(x)
		v.shown = shown
		return v, true, nil
	case []any:
		v = value{atoms: make([]string, len(x)), list: true, shown: shown}
		for i, e := range x {
			a, isAtom := atom(e)
			if !isAtom {
				return value{}, false, &pool.OptionError{Option: key, Value: shown, Rule: "must be a number, a string, a boolean or an array of numbers"}
			}
			v.atoms[i] = a
		}
		return v, true, nil
	}
	a, isAtom := atom(x)
	if !isAtom {
		return value{}, false, &pool.OptionError{Option: key, Value: shown, Rule: "must be a number, a string, a boolean or an array of numbers"}
	}
	return value{atoms: []string{a}, shown: shown}, true, nil
}

// checkJSONKind refuses a member of a type its option does not take.
func checkJSONKind(key string, x any, shown string) error {
	kinds, ok := wire.Kinds[key]
	if !ok || x == nil {
		return nil
	}
	var kind byte
	switch x := x.(type) {
	case json.Number:
		kind = 'n'
	case []any:
		kind = 'n'
		for _, e := range x {
			if _, isNumber := e.(json.Number); !isNumber {
				kind = 0
			}
		}
	case string:
		kind = 's'
	case bool:
		kind = 'b'
	}
	if kind == 0 || !strings.ContainsRune(kinds, rune(kind)) {
		return &pool.OptionError{Option: key, Value: shown, Rule: wire.KindRules[kinds]}
	}
	return nil
}

// shorten keeps error messages readable when a client sends a huge value.
func shorten(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// word returns v as one word or number.
func (v value) word(key, rule string) (string, error) {
	if v.list || len(v.atoms) != 1 {
		return "", &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
	}
	return v.atoms[0], nil
}

// parseWord reads v with pool's parser of its option (pool.ParseOp,
// ParseAlpha, ParseColorSpace), whose rule is the one the error states; the
// error quotes v as the client wrote it.
func parseWord[T any](v value, parse func(string) (T, error)) (T, error) {
	w := strings.Join(v.atoms, ",")
	if v.list {
		w = "[" + w + "]" // a list is no word, even of one
	}
	x, err := parse(w)
	if e, ok := err.(*pool.OptionError); ok {
		e.Value = v.shown
	}
	return x, err
}

func (v value) boolean(key string) (bool, error) {
	w, err := v.word(key, "must be true or false")
	if err != nil {
		return false, err
	}
	switch w {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, &pool.OptionError{Option: key, Value: v.shown, Rule: "must be true or false"}
}

func (v value) number(key string) (float64, error) {
	const rule = "must be a finite number"
	w, err := v.word(key, rule)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(w, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, &pool.OptionError{Option: key, Value: v.shown, Rule: rule}
	}
	return f, nil
}

// whole reads atom, one of v's, as a whole number with pool.Whole; "3",
// "3.0" and "3e0" are all 3, as they are to JavaScript. Whether it may be 0
// or negative is pool's to say where it takes the option.
func (v value) whole(key, atom string) (int, error) {
	f, err := strconv.ParseFloat(atom, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, &pool.OptionError{Option: key, Value: v.shown, Rule: "must be a whole number"}
	}
	n, e := pool.Whole(key, f)
	if e != nil {
		e.Value = v.shown
		return 0, e
	}
	return n, nil
}

// axes reads an option of one whole number per spatial axis: one number,
// repeated to rank, or a list as written, of any length: pool judges how
// many numbers it takes.
func (v value) axes(key string, rank int) ([]int, error) {
	if !v.list {
		return v.numbers(key, rank)
	}
	return v.numbers(key, len(v.atoms))
}

// numbers reads every atom as a whole number; a single atom is repeated to
// n numbers.
func (v value) numbers(key string, n int) ([]int, error) {
	out := make([]int, 0, n)
	for _, a := range v.atoms {
		k, err := v.whole(key, a)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	for len(out) < n {
		out = append(out, out[0])
	}
	return out, nil
}

// rank returns the spatial rank a list option sets: its length when it is
// written as a list, else 2, as pool reads one number.
func (v value) rank() int {
	if v.list {
		return len(v.atoms)
	}
	return 2
}

// queryFields splits a raw query string, reporting what url.ParseQuery would
// silently drop.
func queryFields(raw string) ([]field, error) {
	var fields []field
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, errorf(http.StatusBadRequest, "query: %q is not a valid key=value pair (bad %%-escape)", shorten(pair))
		}
		fields = append(fields, field{key: key, v: textValue(val)})
	}
	return fields, nil
}
