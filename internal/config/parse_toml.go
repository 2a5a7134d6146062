package config

import (
	"errors"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// parseTOML parses a TOML document into a positioned tree. The document is first decoded
// by go-toml's strict decoder, which enforces TOML's semantic rules (no redefined keys or
// tables); the tree is then built from go-toml's AST, which keeps every key's offset.
func parseTOML(data []byte, r *reporter) *node {
	var probe map[string]any
	if err := toml.Unmarshal(data, &probe); err != nil {
		p := pos{Line: 1, Col: 1}
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		var de *toml.DecodeError
		if errors.As(err, &de) {
			p.Line, p.Col = de.Position()
		}
		r.errorf(p, "invalid TOML: %s", msg)
		return nil
	}
	b := &tomlBuilder{r: r, li: newLineIndex(data)}
	b.p.Reset(data)
	root := &node{kind: kindTable, pos: pos{1, 1}}
	cur := root
	for b.p.NextExpression() {
		e := b.p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			b.keyValue(cur, e)
		case unstable.Table:
			cur = b.header(root, e, false)
		case unstable.ArrayTable:
			cur = b.header(root, e, true)
		}
		if cur == nil { // only on documents the strict decoder rejects
			r.errorf(b.li.pos(int(e.Raw.Offset)), "invalid TOML: a table is redefined")
			return nil
		}
	}
	if err := b.p.Error(); err != nil {
		r.errorf(pos{1, 1}, "invalid TOML: %v", err)
		return nil
	}
	return root
}

type tomlBuilder struct {
	p  unstable.Parser
	r  *reporter
	li lineIndex
}

func (b *tomlBuilder) posOf(n *unstable.Node) pos {
	if n == nil || n.Raw.Length == 0 && n.Raw.Offset == 0 {
		return pos{}
	}
	return b.li.pos(int(n.Raw.Offset))
}

type keyPart struct {
	name string
	pos  pos
}

func (b *tomlBuilder) keyParts(e *unstable.Node) []keyPart {
	var parts []keyPart
	it := e.Key()
	for it.Next() {
		k := it.Node()
		parts = append(parts, keyPart{name: string(k.Data), pos: b.posOf(k)})
	}
	return parts
}

// descend returns the table named by parts under t, creating tables on the way. An array
// of tables on the way stands for its last element, as in a TOML header.
func descend(t *node, parts []keyPart) *node {
	for _, kp := range parts {
		f := t.get(kp.name)
		if f == nil {
			f = &field{key: kp.name, keyPos: kp.pos,
				val: &node{kind: kindTable, pos: kp.pos}}
			t.fields = append(t.fields, f)
		}
		switch v := f.val; {
		case v.kind == kindTable:
			t = v
		case v.kind == kindArray && len(v.items) > 0 && v.items[len(v.items)-1].kind == kindTable:
			t = v.items[len(v.items)-1]
		default:
			return nil
		}
	}
	return t
}

func (b *tomlBuilder) header(root *node, e *unstable.Node, array bool) *node {
	parts := b.keyParts(e)
	if len(parts) == 0 {
		return nil
	}
	if !array {
		return descend(root, parts)
	}
	parent := descend(root, parts[:len(parts)-1])
	if parent == nil {
		return nil
	}
	last := parts[len(parts)-1]
	f := parent.get(last.name)
	if f == nil {
		f = &field{key: last.name, keyPos: last.pos, val: &node{kind: kindArray, pos: last.pos}}
		parent.fields = append(parent.fields, f)
	}
	if f.val.kind != kindArray {
		return nil
	}
	t := &node{kind: kindTable, pos: last.pos}
	f.val.items = append(f.val.items, t)
	return t
}

func (b *tomlBuilder) keyValue(t *node, e *unstable.Node) {
	if t == nil {
		return
	}
	parts := b.keyParts(e)
	if len(parts) == 0 {
		return
	}
	parent := descend(t, parts[:len(parts)-1])
	if parent == nil {
		return
	}
	last := parts[len(parts)-1]
	v := b.value(e.Value(), last.pos)
	parent.fields = append(parent.fields, &field{key: last.name, keyPos: last.pos, val: v})
}

// value converts one AST value; fallback is used where go-toml records no offset (arrays).
func (b *tomlBuilder) value(n *unstable.Node, fallback pos) *node {
	out := &node{pos: b.posOf(n)}
	if out.pos.Line == 0 {
		out.pos = fallback
	}
	switch n.Kind {
	case unstable.String:
		out.kind, out.str = kindString, string(n.Data)
	case unstable.Bool:
		out.kind, out.b = kindBool, string(n.Data) == "true"
	case unstable.Integer:
		out.kind = kindInt
		out.i, _ = strconv.ParseInt(string(n.Data), 0, 64)
	case unstable.Float:
		out.kind = kindFloat
		s := strings.ReplaceAll(string(n.Data), "_", "")
		out.f, _ = strconv.ParseFloat(s, 64)
	case unstable.LocalDate, unstable.LocalTime, unstable.LocalDateTime, unstable.DateTime:
		out.kind, out.str = kindDatetime, string(n.Data)
	case unstable.Array:
		out.kind = kindArray
		it := n.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			item := b.value(c, out.pos)
			if len(out.items) == 0 && out.pos == fallback && item.pos.Line > 0 {
				out.pos = item.pos
			}
			out.items = append(out.items, item)
		}
	case unstable.InlineTable:
		out.kind = kindTable
		it := n.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.KeyValue {
				b.keyValue(out, c)
			}
		}
	}
	return out
}
