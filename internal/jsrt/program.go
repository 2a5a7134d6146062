package jsrt

import (
	"fmt"

	"github.com/dop251/goja"
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
func Compile(name, code string) (*Program, error) {
	prg, err := goja.Compile(name, code, false)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", name, err)
	}
	return &Program{name: name, prg: prg}, nil
}

// Name returns the script's name.
func (p *Program) Name() string { return p.name }
