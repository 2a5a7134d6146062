package webapi

import "testing"

func TestCryptoScript(t *testing.T) { runScriptTests(t, "crypto.js", nil) }
