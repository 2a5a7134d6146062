package config

import (
	"errors"
	"fmt"
	"sort"
)

// ErrInvalid is wrapped by the error Load returns when the config has error diagnostics.
var ErrInvalid = errors.New("invalid config")

// Severity tells whether a Diagnostic stops a config from being used.
type Severity int

const (
	// SeverityWarning marks something suspicious that still loads.
	SeverityWarning Severity = iota
	// SeverityError marks a config that cannot be used.
	SeverityError
)

// String returns "warning" or "error".
func (s Severity) String() string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}

// Diagnostic is one finding about a config file, located at File:Line:Col. Line and Col
// start at 1; a Line of 0 means the finding concerns the whole file.
type Diagnostic struct {
	// File is the path as the user gave it (relative paths stay relative).
	File     string
	Line     int
	Col      int
	Severity Severity
	Message  string
}

// String formats the diagnostic as "path:line:col: message", or "path: message" when
// it has no line.
func (d Diagnostic) String() string {
	if d.Line <= 0 {
		return fmt.Sprintf("%s: %s", d.File, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, d.Message)
}

// Diagnostics is the list of findings of one load, in file order.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Errors returns the error diagnostics only.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == SeverityError {
			out = append(out, d)
		}
	}
	return out
}

// sortByPosition orders diagnostics by file position, keeping emission order on ties.
func (ds Diagnostics) sortByPosition() {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
}

// reporter collects diagnostics for one file.
type reporter struct {
	file  string
	diags Diagnostics
}

func (r *reporter) add(sev Severity, p pos, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{
		File: r.file, Line: p.Line, Col: p.Col, Severity: sev,
		Message: fmt.Sprintf(format, args...),
	})
}

func (r *reporter) errorf(p pos, format string, args ...any) {
	r.add(SeverityError, p, format, args...)
}

func (r *reporter) warnf(p pos, format string, args ...any) {
	r.add(SeverityWarning, p, format, args...)
}
