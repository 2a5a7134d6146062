package webapi

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestBadInputScript feeds bad arguments and receivers to every URL, encoding, crypto
// and fetch-family entry point: each must end in a JavaScript exception, never a Go
// panic. FETCHER is a binding's Fetcher whose target answers every request.
func TestBadInputScript(t *testing.T) {
	echo := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{},
			Body: io.NopCloser(strings.NewReader("ok"))}, nil
	})
	runScriptTests(t, "badinput.js", func(l *testLoop) {
		_ = l.vm.Set("FETCHER", NewFetcher(l, echo))
	})
}
