package jsrt

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Regular expressions. The engine compiles named groups but returns no .groups and
// shifts the numbered groups after them (.NET numbering), and with the u flag it reads
// \p{Letter} as the letter p: a silent wrong answer. translateRegExp rewrites such a
// pattern into one the engine gets right: named groups become numbered groups (their
// names are returned, for .groups and $<name>), \k<name> a numbered backreference, and
// \p{...} / \P{...} an explicit class built from Go's Unicode tables. A property Go has
// no table for throws a SyntaxError that says so, rather than matching wrongly.

// regexpTranslation is a rewritten pattern and its group names with their numbers.
type regexpTranslation struct {
	source string
	names  [][2]any // [name, group number]
}

// regexpCache keeps translations: a pattern with \p{...} expands to kilobytes, and
// scripts build the same expression again and again.
var regexpCache sync.Map // source + "/" + flags -> *regexpTranslation

// translateRegExp returns the rewrite of source for flags, or nil when the engine
// handles source as it is.
func translateRegExp(source, flags string) (*regexpTranslation, error) {
	unicodeMode := strings.ContainsRune(flags, 'u')
	if !strings.Contains(source, "(?<") && !(unicodeMode && strings.ContainsAny(source, "pP")) {
		return nil, nil
	}
	key := source + "/" + flags
	if t, ok := regexpCache.Load(key); ok {
		return t.(*regexpTranslation), nil
	}
	t, err := translatePattern(source, unicodeMode)
	if err != nil || t == nil {
		return nil, err
	}
	regexpCache.Store(key, t)
	return t, nil
}

// regexpSyntaxError is a pattern error; the runtime throws it as a SyntaxError.
type regexpSyntaxError struct{ msg string }

func (e *regexpSyntaxError) Error() string { return e.msg }

func syntaxErrorf(source, format string, args ...any) error {
	return &regexpSyntaxError{fmt.Sprintf("Invalid regular expression: /%s/: ", source) +
		fmt.Sprintf(format, args...)}
}

// translatePattern rewrites source; nil means nothing needed rewriting.
func translatePattern(source string, unicodeMode bool) (*regexpTranslation, error) {
	names, err := groupNames(source)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	changed := false
	inClass := false
	group := 0
	for i := 0; i < len(source); i++ {
		c := source[i]
		switch {
		case c == '\\' && i+1 < len(source):
			next := source[i+1]
			switch {
			case next == 'k' && len(names) > 0 && !inClass:
				name, end, ok := bracketed(source, i+2, '<', '>')
				n, known := groupNumber(names, name)
				if !ok || !known {
					return nil, syntaxErrorf(source, "Invalid named capture referenced")
				}
				fmt.Fprintf(&b, "(?:\\%d)", n)
				i = end
				changed = true
			case (next == 'p' || next == 'P') && unicodeMode:
				name, end, ok := bracketed(source, i+2, '{', '}')
				if !ok {
					return nil, syntaxErrorf(source, "Invalid property name")
				}
				ranges, err := propertyRanges(source, name)
				if err != nil {
					return nil, err
				}
				if next == 'P' {
					ranges = complement(ranges)
				}
				if !inClass {
					b.WriteByte('[')
				}
				writeRanges(&b, ranges)
				if !inClass {
					b.WriteByte(']')
				}
				i = end
				changed = true
			default:
				b.WriteByte(c)
				b.WriteByte(next)
				i++
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case c == '(' && !inClass:
			if strings.HasPrefix(source[i:], "(?<") && !strings.HasPrefix(source[i:], "(?<=") &&
				!strings.HasPrefix(source[i:], "(?<!") {
				_, end, _ := bracketed(source, i+2, '<', '>')
				group++
				b.WriteByte('(')
				i = end
				changed = true
				continue
			}
			if !strings.HasPrefix(source[i:], "(?") {
				group++
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	if !changed {
		return nil, nil
	}
	return &regexpTranslation{source: b.String(), names: names}, nil
}

// groupNames returns the named groups of source with their numbers, in order.
func groupNames(source string) ([][2]any, error) {
	var names [][2]any
	inClass := false
	group := 0
	for i := 0; i < len(source); i++ {
		switch c := source[i]; {
		case c == '\\':
			i++
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '(' && !inClass:
			if !strings.HasPrefix(source[i:], "(?") {
				group++
				continue
			}
			if !strings.HasPrefix(source[i:], "(?<") || strings.HasPrefix(source[i:], "(?<=") ||
				strings.HasPrefix(source[i:], "(?<!") {
				continue
			}
			group++
			name, end, ok := bracketed(source, i+2, '<', '>')
			if !ok || !validGroupName(name) {
				return nil, syntaxErrorf(source, "Invalid capture group name")
			}
			if _, dup := groupNumber(names, name); dup {
				return nil, syntaxErrorf(source, "Duplicate capture group name")
			}
			names = append(names, [2]any{name, group})
			i = end
		}
	}
	return names, nil
}

// groupNumber returns the number of the group called name.
func groupNumber(names [][2]any, name string) (int, bool) {
	for _, n := range names {
		if n[0] == name {
			return n[1].(int), true
		}
	}
	return 0, false
}

// validGroupName reports whether name is an identifier.
func validGroupName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		ok := r == '$' || r == '_' || unicode.IsLetter(r) || (i > 0 && (unicode.IsDigit(r) ||
			unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)))
		if !ok {
			return false
		}
	}
	return true
}

// bracketed reads open text close at source[i:], returning text and the index of close.
func bracketed(source string, i int, open, close byte) (text string, end int, ok bool) {
	if i >= len(source) || source[i] != open {
		return "", i, false
	}
	j := strings.IndexByte(source[i+1:], close)
	if j < 0 {
		return "", len(source) - 1, false
	}
	return source[i+1 : i+1+j], i + 1 + j, true
}

// writeRanges writes ranges as the inside of a class, escaping what a class would read.
func writeRanges(b *strings.Builder, ranges []unicode.Range32) {
	for _, r := range ranges {
		writeClassRune(b, rune(r.Lo))
		if r.Hi > r.Lo {
			if r.Hi > r.Lo+1 {
				b.WriteByte('-')
			}
			writeClassRune(b, rune(r.Hi))
		}
	}
}

func writeClassRune(b *strings.Builder, r rune) {
	switch {
	case r < 0x20 || r == 0x7f || strings.ContainsRune(`\]-^[`, r):
		fmt.Fprintf(b, "\\x%02x", r)
	case r >= 0xd800 && r <= 0xdfff:
		fmt.Fprintf(b, "\\u{%x}", r) // a lone surrogate cannot be a UTF-8 rune
	default:
		b.WriteRune(r)
	}
}

// propertyRanges returns the code points of the property expression name
// ("Letter", "L", "gc=Lu", "Script=Greek", "White_Space").
func propertyRanges(source, name string) ([]unicode.Range32, error) {
	key, value, hasValue := strings.Cut(name, "=")
	if hasValue {
		switch key {
		case "General_Category", "gc":
			if t := generalCategory(value); t != nil {
				return t, nil
			}
		case "Script", "sc":
			if t, ok := unicode.Scripts[value]; ok {
				return rangesOf(t), nil
			}
			if long, ok := scriptAliases[value]; ok {
				return rangesOf(unicode.Scripts[long]), nil
			}
		case "Script_Extensions", "scx":
			return nil, syntaxErrorf(source, "\\p{%s} is not supported by Portico (no Script_Extensions table)", name)
		}
		return nil, syntaxErrorf(source, "Invalid property name")
	}
	if t := generalCategory(key); t != nil {
		return t, nil
	}
	if t, ok := binaryProperty(key); ok {
		return t, nil
	}
	if unsupportedProperties[key] {
		return nil, syntaxErrorf(source, "\\p{%s} is not supported by Portico (no Unicode table for it)", key)
	}
	return nil, syntaxErrorf(source, "Invalid property name")
}

var propertyCache sync.Map // name -> []unicode.Range32

// generalCategory returns the ranges of a General_Category value, short or long name.
func generalCategory(name string) []unicode.Range32 {
	if long, ok := categoryAliases[name]; ok {
		name = long
	}
	if v, ok := propertyCache.Load("gc=" + name); ok {
		return v.([]unicode.Range32)
	}
	var r []unicode.Range32
	switch name {
	case "LC":
		r = union(unicode.Lu, unicode.Ll, unicode.Lt)
	case "Cn":
		r = complement(assigned())
	case "C":
		r = merge(append(rangesOf(unicode.C), complement(assigned())...))
	default:
		t, ok := unicode.Categories[name]
		if !ok {
			return nil
		}
		r = rangesOf(t)
	}
	propertyCache.Store("gc="+name, r)
	return r
}

// assigned is every code point with a General_Category other than Cn.
func assigned() []unicode.Range32 {
	var all []*unicode.RangeTable
	for _, t := range unicode.Categories {
		all = append(all, t)
	}
	return union(all...)
}

// binaryProperty returns the ranges of a binary property, from Go's tables or derived
// from them as Unicode's DerivedCoreProperties defines it.
func binaryProperty(name string) ([]unicode.Range32, bool) {
	if long, ok := binaryAliases[name]; ok {
		name = long
	}
	if v, ok := propertyCache.Load(name); ok {
		return v.([]unicode.Range32), true
	}
	var r []unicode.Range32
	p := unicode.Properties
	switch name {
	case "Any":
		r = []unicode.Range32{{Lo: 0, Hi: unicode.MaxRune, Stride: 1}}
	case "ASCII":
		r = []unicode.Range32{{Lo: 0, Hi: 0x7f, Stride: 1}}
	case "Assigned":
		r = assigned()
	case "Alphabetic":
		r = union(unicode.Lu, unicode.Ll, unicode.Lt, unicode.Lm, unicode.Lo, unicode.Nl, p["Other_Alphabetic"])
	case "Lowercase":
		r = union(unicode.Ll, p["Other_Lowercase"])
	case "Uppercase":
		r = union(unicode.Lu, p["Other_Uppercase"])
	case "Cased":
		r = union(unicode.Lu, unicode.Ll, unicode.Lt, p["Other_Lowercase"], p["Other_Uppercase"])
	case "Math":
		r = union(unicode.Sm, p["Other_Math"])
	case "Grapheme_Extend":
		r = union(unicode.Me, unicode.Mn, p["Other_Grapheme_Extend"])
	case "ID_Start":
		r = subtract(union(unicode.L, unicode.Nl, p["Other_ID_Start"]),
			union(p["Pattern_Syntax"], p["Pattern_White_Space"]))
	case "ID_Continue":
		r = subtract(union(unicode.L, unicode.Nl, p["Other_ID_Start"], unicode.Mn, unicode.Mc, unicode.Nd,
			unicode.Pc, p["Other_ID_Continue"]), union(p["Pattern_Syntax"], p["Pattern_White_Space"]))
	default:
		if strings.HasPrefix(name, "Other_") {
			return nil, false // contributory properties are not valid in a pattern
		}
		t, ok := p[name]
		if !ok {
			return nil, false
		}
		r = rangesOf(t)
	}
	propertyCache.Store(name, r)
	return r, true
}

// unsupportedProperties are binary properties that ECMAScript allows and Go has no
// table for.
var unsupportedProperties = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`Bidi_Mirrored Bidi_M Case_Ignorable CI
		Changes_When_Casefolded CWCF Changes_When_Casemapped CWCM Changes_When_Lowercased CWL
		Changes_When_NFKC_Casefolded CWKCF Changes_When_Titlecased CWT Changes_When_Uppercased CWU
		Default_Ignorable_Code_Point DI Emoji Emoji_Component EComp Emoji_Modifier EMod
		Emoji_Modifier_Base EBase Emoji_Presentation EPres Extended_Pictographic ExtPict
		Grapheme_Base Gr_Base XID_Continue XIDC XID_Start XIDS`) {
		unsupportedProperties[n] = true
	}
	for long, short := range map[string]string{
		"ASCII_Hex_Digit": "AHex", "Alphabetic": "Alpha", "Bidi_Control": "Bidi_C",
		"Dash": "Dash", "Deprecated": "Dep", "Diacritic": "Dia", "Extender": "Ext",
		"Grapheme_Extend": "Gr_Ext", "Hex_Digit": "Hex", "IDS_Binary_Operator": "IDSB",
		"IDS_Trinary_Operator": "IDST", "ID_Continue": "IDC", "ID_Start": "IDS",
		"Ideographic": "Ideo", "Join_Control": "Join_C", "Logical_Order_Exception": "LOE",
		"Lowercase": "Lower", "Noncharacter_Code_Point": "NChar", "Pattern_Syntax": "Pat_Syn",
		"Pattern_White_Space": "Pat_WS", "Quotation_Mark": "QMark",
		"Regional_Indicator": "RI", "Sentence_Terminal": "STerm", "Soft_Dotted": "SD",
		"Terminal_Punctuation": "Term", "Unified_Ideograph": "UIdeo", "Uppercase": "Upper",
		"Variation_Selector": "VS", "White_Space": "space",
	} {
		binaryAliases[short] = long
	}
}

// binaryAliases maps short names of binary properties to long ones.
var binaryAliases = map[string]string{}

// categoryAliases maps long General_Category names to Go's short ones.
var categoryAliases = map[string]string{
	"Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Unassigned": "Cn",
	"Private_Use": "Co", "Surrogate": "Cs", "Letter": "L", "Cased_Letter": "LC",
	"Lowercase_Letter": "Ll", "Modifier_Letter": "Lm", "Other_Letter": "Lo",
	"Titlecase_Letter": "Lt", "Uppercase_Letter": "Lu", "Mark": "M", "Combining_Mark": "M",
	"Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Nonspacing_Mark": "Mn", "Number": "N",
	"Decimal_Number": "Nd", "digit": "Nd", "Letter_Number": "Nl", "Other_Number": "No",
	"Punctuation": "P", "punct": "P", "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd",
	"Close_Punctuation": "Pe", "Final_Punctuation": "Pf", "Initial_Punctuation": "Pi",
	"Other_Punctuation": "Po", "Open_Punctuation": "Ps", "Symbol": "S",
	"Currency_Symbol": "Sc", "Modifier_Symbol": "Sk", "Math_Symbol": "Sm",
	"Other_Symbol": "So", "Separator": "Z", "Line_Separator": "Zl",
	"Paragraph_Separator": "Zp", "Space_Separator": "Zs",
}

// scriptAliases maps the four-letter codes of common scripts to Go's names.
var scriptAliases = map[string]string{
	"Arab": "Arabic", "Armn": "Armenian", "Beng": "Bengali", "Cyrl": "Cyrillic",
	"Deva": "Devanagari", "Geor": "Georgian", "Grek": "Greek", "Gujr": "Gujarati",
	"Guru": "Gurmukhi", "Hang": "Hangul", "Hani": "Han", "Hebr": "Hebrew",
	"Hira": "Hiragana", "Kana": "Katakana", "Khmr": "Khmer", "Knda": "Kannada",
	"Latn": "Latin", "Mlym": "Malayalam", "Mong": "Mongolian", "Mymr": "Myanmar",
	"Orya": "Oriya", "Sinh": "Sinhala", "Taml": "Tamil", "Telu": "Telugu", "Thai": "Thai",
	"Tibt": "Tibetan", "Zyyy": "Common", "Zinh": "Inherited",
}

// rangesOf flattens a table into sorted ranges of stride 1.
func rangesOf(t *unicode.RangeTable) []unicode.Range32 {
	var out []unicode.Range32
	add := func(lo, hi, stride uint32) {
		if stride == 1 {
			out = append(out, unicode.Range32{Lo: lo, Hi: hi, Stride: 1})
			return
		}
		for c := lo; c <= hi; c += stride {
			out = append(out, unicode.Range32{Lo: c, Hi: c, Stride: 1})
		}
	}
	for _, r := range t.R16 {
		add(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range t.R32 {
		add(r.Lo, r.Hi, r.Stride)
	}
	return merge(out)
}

// union returns the code points in any of tables.
func union(tables ...*unicode.RangeTable) []unicode.Range32 {
	var all []unicode.Range32
	for _, t := range tables {
		if t != nil {
			all = append(all, rangesOf(t)...)
		}
	}
	return merge(all)
}

// merge sorts ranges and joins the ones that touch.
func merge(rs []unicode.Range32) []unicode.Range32 {
	sortRanges(rs)
	var out []unicode.Range32
	for _, r := range rs {
		if n := len(out); n > 0 && r.Lo <= out[n-1].Hi+1 {
			out[n-1].Hi = max(out[n-1].Hi, r.Hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

func sortRanges(rs []unicode.Range32) {
	slices.SortFunc(rs, func(a, b unicode.Range32) int { return cmp.Compare(a.Lo, b.Lo) })
}

// complement returns the code points not in rs (merged ranges).
func complement(rs []unicode.Range32) []unicode.Range32 {
	var out []unicode.Range32
	next := uint32(0)
	for _, r := range rs {
		if r.Lo > next {
			out = append(out, unicode.Range32{Lo: next, Hi: r.Lo - 1, Stride: 1})
		}
		next = r.Hi + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, unicode.Range32{Lo: next, Hi: unicode.MaxRune, Stride: 1})
	}
	return out
}

// subtract returns the code points of a that are not in b.
func subtract(a, b []unicode.Range32) []unicode.Range32 {
	nb := complement(b)
	var out []unicode.Range32
	i, j := 0, 0
	for i < len(a) && j < len(nb) {
		lo, hi := max(a[i].Lo, nb[j].Lo), min(a[i].Hi, nb[j].Hi)
		if lo <= hi {
			out = append(out, unicode.Range32{Lo: lo, Hi: hi, Stride: 1})
		}
		if a[i].Hi < nb[j].Hi {
			i++
		} else {
			j++
		}
	}
	return out
}
