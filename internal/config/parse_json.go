package config

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/tailscale/hujson"
)

// maxJSONDepth bounds the nesting of arrays and objects in a JSON config; real configs
// nest a handful of levels, and the bound keeps hostile input from exhausting the stack.
const maxJSONDepth = 64

var hujsonPos = regexp.MustCompile(`line (\d+), column (\d+): `)

// parseJSON parses JSON or JSONC (comments and trailing commas) into a positioned tree.
func parseJSON(data []byte, r *reporter) *node {
	if off, ok := jsonTooDeep(data); ok {
		r.errorf(newLineIndex(data).pos(off), "invalid JSON: nested more than %d levels deep",
			maxJSONDepth)
		return nil
	}
	v, err := hujson.Parse(data)
	if err != nil {
		p, msg := pos{1, 1}, err.Error()
		if m := hujsonPos.FindStringSubmatchIndex(msg); m != nil {
			p.Line, _ = strconv.Atoi(msg[m[2]:m[3]])
			p.Col, _ = strconv.Atoi(msg[m[4]:m[5]])
			msg = msg[m[1]:]
		}
		r.errorf(p, "invalid JSON: %s", msg)
		return nil
	}
	jb := jsonBuilder{li: newLineIndex(data), r: r}
	root := jb.value(v)
	if root.kind != kindTable {
		r.errorf(root.pos, "the config must be a JSON object, not %s", root.describe())
		return nil
	}
	return root
}

type jsonBuilder struct {
	li lineIndex
	r  *reporter
}

func (jb jsonBuilder) value(v hujson.Value) *node {
	out := &node{pos: jb.li.pos(v.StartOffset)}
	switch t := v.Value.(type) {
	case *hujson.Object:
		out.kind = kindTable
		for _, m := range t.Members {
			name, ok := m.Name.Value.(hujson.Literal)
			if !ok {
				continue
			}
			key := name.String()
			kp := jb.li.pos(m.Name.StartOffset)
			if prev := out.get(key); prev != nil {
				jb.r.errorf(kp, "duplicate key %q (first defined at line %d)", key,
					prev.keyPos.Line)
				continue
			}
			out.fields = append(out.fields, &field{key: key, keyPos: kp, val: jb.value(m.Value)})
		}
	case *hujson.Array:
		out.kind = kindArray
		for _, e := range t.Elements {
			out.items = append(out.items, jb.value(e))
		}
	case hujson.Literal:
		jb.literal(out, t)
	}
	return out
}

func (jb jsonBuilder) literal(out *node, l hujson.Literal) {
	switch l.Kind() {
	case 'n':
		out.kind = kindNull
	case 't', 'f':
		out.kind, out.b = kindBool, l.Bool()
	case '"':
		out.kind, out.str = kindString, l.String()
	case '0':
		if i, err := strconv.ParseInt(string(l), 10, 64); err == nil {
			out.kind, out.i = kindInt, i
			return
		}
		f, err := strconv.ParseFloat(string(l), 64)
		if err != nil {
			jb.r.errorf(out.pos, "invalid JSON number %s: %v", l, err)
		}
		out.kind, out.f = kindFloat, f
	default:
		jb.r.errorf(out.pos, "invalid JSON value %s", fmt.Sprintf("%.20q", string(l)))
	}
}

// jsonTooDeep reports the offset where brackets nest beyond maxJSONDepth, skipping strings
// and comments.
func jsonTooDeep(b []byte) (int, bool) {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			for i += 2; i+1 < len(b) && !(b[i] == '*' && b[i+1] == '/'); i++ {
			}
			i++
		case c == '[' || c == '{':
			if depth++; depth > maxJSONDepth {
				return i, true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return 0, false
}
