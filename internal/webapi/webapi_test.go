package webapi

import "testing"

func TestHarness(t *testing.T) { runScriptTests(t, "harness.js", nil) }
