package webapi

import "testing"

func TestReadableStreamScript(t *testing.T) { runScriptTests(t, "streams_readable.js", nil) }

func TestWritableStreamScript(t *testing.T) { runScriptTests(t, "streams_writable.js", nil) }

func TestTransformStreamScript(t *testing.T) { runScriptTests(t, "streams_transform.js", nil) }

func TestPipeScript(t *testing.T) { runScriptTests(t, "streams_pipe.js", nil) }

func TestByteStreamScript(t *testing.T) { runScriptTests(t, "streams_bytes.js", nil) }

func TestEncodingStreamsScript(t *testing.T) { runScriptTests(t, "streams_encoding.js", nil) }
