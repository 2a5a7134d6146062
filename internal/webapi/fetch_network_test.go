package webapi

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newTestServer serves the endpoints that testdata/fetch.js calls.
func newTestServer(t testing.TB) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/text", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Custom", "yes")
		io.WriteString(w, "hello")
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"method": r.Method, "path": r.URL.RequestURI(), "body": string(b),
			"contentType": r.Header.Get("Content-Type"), "x": r.Header.Get("X-Test"),
			"contentLength": r.ContentLength, "chunked": len(r.TransferEncoding) > 0,
		})
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		to := "/text"
		if n > 1 {
			to = "/redirect?n=" + strconv.Itoa(n-1)
		}
		http.Redirect(w, r, to, http.StatusFound)
	})
	mux.HandleFunc("/redirect307", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/echo", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/drip", func(w http.ResponseWriter, r *http.Request) {
		// Headers at once, then the body in pieces.
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(200)
		for i := range 5 {
			io.WriteString(w, "chunk"+strconv.Itoa(i)+";")
			w.(http.Flusher).Flush()
			select {
			case <-time.After(10 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	})
	mux.HandleFunc("/hang-body", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		io.WriteString(w, "start;")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		w.Header().Set("Content-Length", strconv.Itoa(n))
		io.WriteString(w, strings.Repeat("x", n))
	})
	mux.HandleFunc("/status/", func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/status/"))
		w.WriteHeader(code)
	})
	mux.HandleFunc("/cookies", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "a=1; Path=/")
		w.Header().Add("Set-Cookie", "b=2, c=3")
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			io.WriteString(w, "identity")
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, "unzipped")
		zw.Close()
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestFetchScript(t *testing.T) {
	srv := newTestServer(t)
	closed := closedAddr(t)
	runScriptTests(t, "fetch.js", func(l *testLoop) {
		_ = l.vm.Set("SERVER", srv.URL)
		_ = l.vm.Set("CLOSED", "http://"+closed)
	})
}

// TestFetchedBodyOutlivesTheInvocation checks that a fetched body returned from the
// handler still streams after the invocation's context ends (the server reads it then),
// while a body the script dropped is closed when the invocation ends.
func TestFetchedBodyOutlivesTheInvocation(t *testing.T) {
	srv := newTestServer(t)
	ctx, end := context.WithCancel(context.Background())
	l := newFetchLoop(t, ctx)
	v := await(t, l, `(u) => fetch(u + "/drip")`, l.vm.ToValue(srv.URL))
	resp, err := ResponseOf(l, v)
	if err != nil {
		t.Fatal(err)
	}
	end()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the handed-off body after the invocation ended: %v", err)
	}
	if want := "chunk0;chunk1;chunk2;chunk3;chunk4;"; string(b) != want {
		t.Errorf("body %q, want %q", b, want)
	}
	resp.Body.Close()

	gone := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		close(gone)
	}))
	defer hang.Close()
	ctx2, end2 := context.WithCancel(context.Background())
	l2 := newFetchLoop(t, ctx2)
	await(t, l2, `async (u) => { globalThis.kept = await fetch(u); }`, l2.vm.ToValue(hang.URL))
	end2()
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Fatal("the dropped body's connection stayed open after the invocation ended")
	}
}

// TestFetchStreamsARequestBody sends an incoming request, whose body is still being
// written, on to the network: the body goes out as it comes in, chunked, unread by the
// script.
func TestFetchStreamsARequestBody(t *testing.T) {
	srv := newTestServer(t)
	l := newFetchLoop(t, context.Background())
	pr, pw := io.Pipe()
	r := httptest.NewRequest("POST", srv.URL+"/echo", pr)
	r.ContentLength = -1
	req, err := NewRequest(l, r)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := range 3 {
			io.WriteString(pw, "part"+strconv.Itoa(i)+";")
			time.Sleep(5 * time.Millisecond)
		}
		pw.Close()
	}()
	got := await(t, l, `async (req) => {
		const r = await fetch(req);
		const echo = await r.json();
		return [echo.method, echo.body, echo.contentLength, echo.chunked, req.bodyUsed].join("|");
	}`, req)
	if want := "POST|part0;part1;part2;|-1|true|true"; got.String() != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
