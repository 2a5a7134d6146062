package webapi

import "testing"

// TestBadInputScript feeds bad arguments and receivers to every URL, encoding and
// crypto entry point: each must end in a JavaScript exception, never a Go panic.
func TestBadInputScript(t *testing.T) { runScriptTests(t, "badinput.js", nil) }
