package jsrt

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/unistring"
)

// Program is a worker's script compiled once per version; every isolate of the
// version's pool runs it. It is safe for concurrent use.
type Program struct {
	name string
	prg  *goja.Program
}

// Compile compiles a script (a bundle with its inline source map). name is the
// script's path: stack traces resolve the source map's paths against it. A syntax
// error names the position in the script.
//
// Regular expression literals that the engine would get wrong (named groups, \p{...};
// see regexp.go) are rewritten into calls that build them right; their patterns are
// still compiled once, here.
func Compile(name, code string) (*Program, error) {
	if !mayNeedRegExpRewrite(code) {
		prg, err := goja.Compile(name, code, false)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", name, err)
		}
		return &Program{name: name, prg: prg}, nil
	}
	tree, err := goja.Parse(name, code)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", name, err)
	}
	rewriteRegExpLiterals(tree)
	prg, err := goja.CompileAST(tree, false)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", name, err)
	}
	return &Program{name: name, prg: prg}, nil
}

// Name returns the script's name.
func (p *Program) Name() string { return p.name }

// mayNeedRegExpRewrite reports whether code may hold a regular expression literal with
// a named group or a property escape; most scripts do not, and skip the AST walk.
func mayNeedRegExpRewrite(code string) bool {
	return strings.Contains(code, "(?<") || strings.Contains(code, `\p{`) || strings.Contains(code, `\P{`)
}

// The globals that rewritten literals call; the prelude defines them.
const (
	regexpLiteralFn = "__porticoRegExp"
	regexpErrorFn   = "__porticoRegExpError"
)

// rewriteRegExpLiterals replaces each literal /p/f that translateRegExp rewrites with
// __porticoRegExp(/p'/f, "p"): the translated literal, which the compiler compiles once,
// and the original source, which the call restores. A literal that cannot be translated
// becomes __porticoRegExpError("..."), a SyntaxError thrown where it is evaluated.
func rewriteRegExpLiterals(tree *ast.Program) {
	w := astWalker{seen: map[uintptr]bool{}, visit: func(lit *ast.RegExpLiteral) ast.Expression {
		t, err := translateRegExp(lit.Pattern, lit.Flags)
		if err != nil {
			return callAt(lit, regexpErrorFn, str(lit.Idx, err.Error()))
		}
		if t == nil {
			return nil
		}
		translated := &ast.RegExpLiteral{Idx: lit.Idx, Literal: "/" + t.source + "/" + lit.Flags,
			Pattern: t.source, Flags: lit.Flags}
		return callAt(lit, regexpLiteralFn, translated, str(lit.Idx, lit.Pattern))
	}}
	w.walk(reflect.ValueOf(tree))
}

// callAt returns the call fn(args...) spanning lit's place in the source.
func callAt(lit *ast.RegExpLiteral, fn string, args ...ast.Expression) *ast.CallExpression {
	return &ast.CallExpression{
		Callee:           &ast.Identifier{Name: unistring.NewFromString(fn), Idx: lit.Idx},
		LeftParenthesis:  lit.Idx,
		ArgumentList:     args,
		RightParenthesis: lit.Idx1() - 1,
	}
}

// str returns a string literal of s at at.
func str(at file.Idx, s string) *ast.StringLiteral {
	return &ast.StringLiteral{Idx: at, Literal: strconv.Quote(s), Value: unistring.NewFromString(s)}
}

// astWalker visits every regular expression literal of a tree and replaces it with
// what visit returns (nil keeps it).
type astWalker struct {
	seen  map[uintptr]bool
	visit func(*ast.RegExpLiteral) ast.Expression
}

var astPkg = reflect.TypeFor[ast.Program]().PkgPath()

func (w *astWalker) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct || v.Elem().Type().PkgPath() != astPkg {
			return
		}
		if w.seen[v.Pointer()] {
			return
		}
		w.seen[v.Pointer()] = true
		w.walk(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if lit, ok := e.Interface().(*ast.RegExpLiteral); ok {
			if r := w.visit(lit); r != nil && v.CanSet() && reflect.TypeOf(r).AssignableTo(v.Type()) {
				v.Set(reflect.ValueOf(r))
			}
			return
		}
		w.walk(e)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				w.walk(f)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			w.walk(v.Index(i))
		}
	}
}
