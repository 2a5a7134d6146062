package webapi

import "testing"

func TestReadableStreamScript(t *testing.T) { runScriptTests(t, "streams_readable.js", nil) }
