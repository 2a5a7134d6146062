package webapi

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// nameValue is one entry of a URLSearchParams list.
type nameValue struct{ name, value string }

// searchParams is the Go side of a JavaScript URLSearchParams: its list, and the URL
// whose query it is (nil for a standalone object).
type searchParams struct {
	hostSlots
	list []nameValue
	url  *urlObject
}

// update runs the standard's update steps after a change of the list: the URL's query
// becomes the serialised list, or null when that is empty.
func (sp *searchParams) update() {
	if sp.url == nil {
		return
	}
	sp.url.u.SetSearch(serializeFormURLEncoded(sp.list))
}

// parseFormURLEncoded is the application/x-www-form-urlencoded parser
// (https://url.spec.whatwg.org/#concept-urlencoded-parser).
func parseFormURLEncoded(input string) []nameValue {
	var list []nameValue
	for seq := range strings.SplitSeq(input, "&") {
		if seq == "" {
			continue
		}
		name, value, _ := strings.Cut(seq, "=")
		list = append(list, nameValue{formDecode(name), formDecode(value)})
	}
	return list
}

// formDecode replaces '+' by space, percent-decodes, then decodes UTF-8 with
// replacement.
func formDecode(s string) string {
	if !strings.ContainsAny(s, "+%") && utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isASCIIHex(s[i+1]) && isASCIIHex(s[i+2]):
			b = append(b, hexNibble(s[i+1])<<4|hexNibble(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return decodeUTF8(b)
}

func isASCIIHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexNibble(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// serializeFormURLEncoded is the application/x-www-form-urlencoded serializer for
// UTF-8 (https://url.spec.whatwg.org/#concept-urlencoded-serializer).
func serializeFormURLEncoded(list []nameValue) string {
	var sb strings.Builder
	for i, nv := range list {
		if i > 0 {
			sb.WriteByte('&')
		}
		formEncode(&sb, nv.name)
		sb.WriteByte('=')
		formEncode(&sb, nv.value)
	}
	return sb.String()
}

func formEncode(sb *strings.Builder, s string) {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			sb.WriteByte('+')
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '*', c == '-', c == '.', c == '_':
			sb.WriteByte(c)
		default:
			sb.WriteByte('%')
			sb.WriteByte(hexDigits[c>>4])
			sb.WriteByte(hexDigits[c&15])
		}
	}
}

// compareUTF16 orders two strings by their UTF-16 code units, as JavaScript does; it
// differs from Go's byte order for code points above U+FFFF against U+E000..U+FFFF.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ka, kb := firstUnit(ra), firstUnit(rb)
			if ka != kb {
				return int(ka) - int(kb)
			}
			return int(ra) - int(rb)
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

func firstUnit(r rune) rune {
	if r < 0x10000 {
		return r
	}
	return 0xD800 + (r-0x10000)>>10
}

// sortList sorts by name, stably, in UTF-16 code unit order.
func (sp *searchParams) sortList() {
	slices.SortStableFunc(sp.list, func(x, y nameValue) int { return compareUTF16(x.name, y.name) })
}

// initParams fills a new list from the constructor's argument: a sequence of pairs, a
// record, or a string (with one leading "?" ignored).
func (api *urlAPI) initParams(v goja.Value) []nameValue {
	vm := api.vm
	if v == nil || goja.IsUndefined(v) {
		return nil
	}
	o, isObj := v.(*goja.Object)
	if !isObj {
		return parseFormURLEncoded(strings.TrimPrefix(toUSVString(v), "?"))
	}
	if sp, ok := hostValue[*searchParams](o); ok {
		return slices.Clone(sp.list)
	}
	if iter := o.GetSymbol(goja.SymIterator); !isNullish(iter) {
		if _, ok := goja.AssertFunction(iter); !ok {
			panicTypeError(vm, "URLSearchParams: Symbol.iterator is not a function")
		}
		var list []nameValue
		vm.ForOf(o, func(pair goja.Value) bool {
			po, ok := pair.(*goja.Object)
			if !ok {
				panicTypeError(vm, "URLSearchParams: each pair must be a sequence")
			}
			var items []goja.Value
			vm.ForOf(po, func(item goja.Value) bool {
				items = append(items, item)
				return true
			})
			if len(items) != 2 {
				panicTypeError(vm, "URLSearchParams: each pair must have exactly two items")
			}
			list = append(list, nameValue{toUSVString(items[0]), toUSVString(items[1])})
			return true
		})
		return list
	}
	var list []nameValue
	for _, k := range o.Keys() {
		list = append(list, nameValue{toUSVString(vm.ToValue(k)), toUSVString(o.Get(k))})
	}
	return list
}
