package webapi

import "testing"

func TestHeadersScript(t *testing.T) { runScriptTests(t, "headers.js", nil) }

func TestRequestScript(t *testing.T) { runScriptTests(t, "request.js", nil) }

func TestResponseScript(t *testing.T) { runScriptTests(t, "response.js", nil) }

func TestBlobScript(t *testing.T) { runScriptTests(t, "blob.js", nil) }

func TestFormDataScript(t *testing.T) { runScriptTests(t, "formdata.js", nil) }
