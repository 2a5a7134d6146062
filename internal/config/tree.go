package config

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// pos is a 1-based line and column (in bytes) in a config file.
type pos struct{ Line, Col int }

// kind is the type of a parsed value, common to TOML and JSON.
type kind uint8

const (
	kindNull kind = iota
	kindString
	kindInt
	kindFloat
	kindBool
	kindDatetime // TOML dates and times, kept as written
	kindTable
	kindArray
)

func (k kind) String() string {
	return [...]string{"null", "string", "integer", "number", "boolean", "date/time",
		"table", "array"}[k]
}

// node is one parsed value with its position. Both the TOML and the JSON parser produce
// this tree, so decoding and diagnostics are written once.
type node struct {
	kind   kind
	pos    pos
	str    string // string, datetime
	i      int64
	f      float64
	b      bool
	fields []*field // table members in file order
	items  []*node  // array elements
}

// field is one key of a table, with the position of the key itself.
type field struct {
	key    string
	keyPos pos
	val    *node
}

// get returns the member named key, or nil.
func (n *node) get(key string) *field {
	if n == nil || n.kind != kindTable {
		return nil
	}
	for _, f := range n.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}

// describe names the value's type for messages: `"abc"`, `an integer`, `a table`.
func (n *node) describe() string {
	switch n.kind {
	case kindString:
		return fmt.Sprintf("the string %q", n.str)
	case kindInt:
		return fmt.Sprintf("the integer %d", n.i)
	case kindBool:
		return fmt.Sprintf("%t", n.b)
	case kindArray:
		return "an array"
	case kindTable:
		return "a table"
	case kindNull:
		return "null"
	}
	return "a " + n.kind.String()
}

// toAny converts a value to plain Go values that encoding/json can write: string,
// int64, float64, bool, nil, []any, map[string]any.
func (n *node) toAny() (any, error) {
	switch n.kind {
	case kindString, kindDatetime:
		return n.str, nil
	case kindInt:
		return n.i, nil
	case kindFloat:
		if math.IsNaN(n.f) || math.IsInf(n.f, 0) {
			return nil, fmt.Errorf("%v cannot be represented in JSON", n.f)
		}
		return n.f, nil
	case kindBool:
		return n.b, nil
	case kindArray:
		out := make([]any, 0, len(n.items))
		for _, it := range n.items {
			v, err := it.toAny()
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case kindTable:
		out := make(map[string]any, len(n.fields))
		for _, f := range n.fields {
			v, err := f.val.toAny()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.key, err)
			}
			out[f.key] = v
		}
		return out, nil
	}
	return nil, nil
}

// lineIndex converts byte offsets to positions.
type lineIndex []int // offsets of line starts

func newLineIndex(b []byte) lineIndex {
	li := lineIndex{0}
	for i, c := range b {
		if c == '\n' {
			li = append(li, i+1)
		}
	}
	return li
}

func (li lineIndex) pos(off int) pos {
	line := sort.Search(len(li), func(i int) bool { return li[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	return pos{Line: line + 1, Col: off - li[line] + 1}
}

// joinPath appends a key to a dotted field path, quoting keys that are not bare.
func joinPath(parent, key string) string {
	k := key
	if k == "" || strings.ContainsAny(k, ". \"'[]") {
		k = fmt.Sprintf("%q", key)
	}
	if parent == "" {
		return k
	}
	return parent + "." + k
}
