package assets

import "fmt"

// Warning is a problem in a _headers or _redirects file, or in the asset
// directory, that does not stop the layer: the offending rule is skipped.
type Warning struct {
	File    string // file name as given to the parser
	Line    int    // 1-based; 0 when the warning is about the whole file
	Message string
}

// String formats the warning as "file:line: message".
func (w Warning) String() string {
	if w.Line == 0 {
		return fmt.Sprintf("%s: %s", w.File, w.Message)
	}
	return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Message)
}
