package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portico-dev/portico/internal/cli"
	"github.com/portico-dev/portico/internal/pipeline"
)

// These tests run "portico dev" in process, as a user would from the repository root,
// and talk to it over loopback.

// syncBuffer collects a command's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

var servingOn = regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+)`)

// dev is one running "portico dev".
type dev struct {
	base      string
	out, errw *syncBuffer
}

// startDev runs "portico dev --port 0 ARGS..." until the test ends; the workers' fetch
// handlers must run.
func startDev(t *testing.T, args ...string) *dev {
	t.Helper()
	if !pipeline.JSRunsFetch() {
		t.Skip(pipeline.ErrNoFetchHandlers)
	}
	return startDevAny(t, args...)
}

// startDevAny is startDev for tests that run no fetch handler.
func startDevAny(t *testing.T, args ...string) *dev {
	t.Helper()
	d := &dev{out: &syncBuffer{}, errw: &syncBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, append([]string{"dev", "--port", "0"}, args...),
			cli.Stdio{In: strings.NewReader(""), Out: d.out, Err: d.errw})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("portico dev exited %d after Ctrl-C", code)
			}
		case <-time.After(15 * time.Second):
			t.Error("portico dev did not shut down")
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingOn.FindStringSubmatch(d.out.String()); m != nil {
			d.base = m[1]
			return d
		}
		select {
		case code := <-done:
			done <- code
			t.Fatalf("portico dev exited %d:\n%s", code, d.errw.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("portico dev did not start:\n%s\n%s", d.out.String(), d.errw.String())
	return nil
}

// request sends a request to the dev server; host, when set, is the Host header.
func (d *dev) request(t *testing.T, method, path, host string, body io.Reader,
	hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, d.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func fixture(parts ...string) string {
	return filepath.Join(append([]string{"testdata", "e2e"}, parts...)...)
}

func TestDevConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		path string
		want string
	}{
		{"loop", fixture("errors", "loop", "app"),
			"error: middleware loop: loop-app -> loop-a -> loop-b -> loop-a\n"},
		{"missing", fixture("errors", "missing", "app"),
			`error: missing-app -> nowhere: middleware "nowhere" is not loaded (looked in ` +
				`the folders beside ` + fixture("errors", "missing", "app") + ", which has none)\n"},
		{"routes on a middleware", fixture("errors", "routed", "app"),
			`error: routed-app -> routed-mw: worker "routed-mw" is used as middleware by ` +
				`"routed-app", so it cannot have routes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errw syncBuffer
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			code := cli.Run(ctx, []string{"dev", "--port", "0", tt.path},
				cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &errw})
			if code != 1 || !strings.Contains(errw.String(), tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and %q", code, errw.String(), tt.want)
			}
		})
	}
}
