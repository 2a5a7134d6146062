package webapi

import "testing"

func TestAbort(t *testing.T) { runScriptTests(t, "abort.js", nil) }
