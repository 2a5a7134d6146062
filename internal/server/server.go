// Package server owns Portico's listeners: it matches each request to a worker by its
// routes (spec 1.8) or the dev address, hands it to that worker's pipeline, writes the
// response, and prints one line per request. It also owns the dev error pages, the
// request limits (431 for oversized headers, 413 for oversized bodies) and graceful
// shutdown. The pipelines it serves arrive as a compiled pipeline.Set, swapped
// atomically when a worker changes; requests in flight finish on the Set they began
// with.
//
// server must not import the JavaScript engine, jsrt, bundle or cli.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/portico-dev/portico/internal/pipeline"
)

// Defaults of Options' limits: Cloudflare's request header limit and its smallest
// plan's body limit.
const (
	DefaultMaxHeaderBytes = 128 << 10
	DefaultMaxBodyBytes   = 100 << 20
)

// Options configure a Server.
type Options struct {
	// Dev shows error details (stacks) to clients; outside dev they get a plain 500.
	Dev bool
	// Out receives one line per request: method, path, status, time, stages. Lines
	// are written from one goroutine, several in one write under load, and all of them
	// before Serve returns. Nil means none are printed.
	Out io.Writer
	// Logger receives operator logs; nil means slog.Default().
	Logger *slog.Logger
	// MaxHeaderBytes bounds a request's header; 0 means DefaultMaxHeaderBytes.
	MaxHeaderBytes int
	// MaxBodyBytes bounds a request's body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// ShutdownTimeout bounds how long shutdown waits for requests in flight; 0 means
	// 10 seconds.
	ShutdownTimeout time.Duration
}

// Server serves the current pipeline.Set. It is an http.Handler; Serve runs it on a
// listener. Safe for concurrent use.
type Server struct {
	opts  Options
	log   *slog.Logger
	state atomic.Pointer[state]
	lines *lineWriter // nil without Options.Out
}

// state is what one Set serves: its pipelines and their routes.
type state struct {
	set    *pipeline.Set
	routes routeTable
	first  string // the first routable worker: it answers the dev address
}

// New returns a Server with nothing to serve until Swap.
func New(opts Options) *Server {
	if opts.MaxHeaderBytes == 0 {
		opts.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.ShutdownTimeout == 0 {
		opts.ShutdownTimeout = 10 * time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	s := &Server{opts: opts, log: log.With("component", "server")}
	if opts.Out != nil {
		s.lines = newLineWriter(opts.Out)
	}
	return s
}

// Swap makes set the one new requests go to, and retires the previous one: it is
// released once its requests in flight have ended. The returned channel is closed
// then (it is closed at once when there was no previous Set).
func (s *Server) Swap(set *pipeline.Set) <-chan struct{} {
	st := &state{set: set}
	var routes []route
	for i, w := range set.Routable() {
		if i == 0 {
			st.first = w.Name()
		}
		for _, rt := range w.Config.Routes {
			routes = append(routes, parseRoute(w.Name(), rt))
		}
	}
	st.routes = newRouteTable(routes)
	if old := s.state.Swap(st); old != nil {
		return old.set.Retire()
	}
	done := make(chan struct{})
	close(done)
	return done
}

// acquire returns the current state with a request marked in flight on it.
func (s *Server) acquire() (*state, func()) {
	for {
		st := s.state.Load()
		if st == nil {
			return nil, nil
		}
		if release, ok := st.set.Acquire(); ok {
			return st, release
		}
	}
}

// Serve accepts connections on ln until ctx is done, then shuts down gracefully:
// it stops accepting, lets the requests in flight finish (up to ShutdownTimeout),
// and releases the current Set. It returns nil after a shutdown caused by ctx.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		MaxHeaderBytes:    s.opts.MaxHeaderBytes,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	shut := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
		defer cancel()
		err := srv.Shutdown(sctx)
		if err != nil {
			srv.Close()
		}
		shut <- err
	}()
	err := srv.Serve(ln)
	if !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	if err := <-shut; err != nil {
		s.log.Warn("shutdown", "err", err)
	}
	if st := s.state.Swap(nil); st != nil {
		select {
		case <-st.set.Retire():
		case <-time.After(s.opts.ShutdownTimeout):
		}
	}
	if s.lines != nil {
		s.lines.close()
	}
	return nil
}

// ServeHTTP answers r through the pipeline of the worker it is addressed to.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	st, release := s.acquire()
	if st == nil {
		http.Error(w, "no worker is loaded", http.StatusServiceUnavailable)
		return
	}
	defer release()
	if r.ContentLength > s.opts.MaxBodyBytes {
		s.refuse(w, r, start, http.StatusRequestEntityTooLarge)
		return
	}
	name := st.routes.lookup(r)
	if name == "" {
		name = st.first
	}
	entry, ok := st.set.Entry(name)
	if !ok {
		http.Error(w, "no worker answers this address", http.StatusServiceUnavailable)
		s.line(r, http.StatusServiceUnavailable, start, "")
		return
	}
	ctx, trail := pipeline.WithTrail(r.Context())
	req := r.WithContext(ctx)
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host // request.url carries the host the client used
	if r.TLS != nil {
		u.Scheme = "https"
	}
	req.URL = &u
	var limit *limitedBody
	if r.Body != nil && r.Body != http.NoBody {
		limit = &limitedBody{rc: r.Body, left: s.opts.MaxBodyBytes}
		req.Body = limit
	}
	resp, err := entry.Fetch(ctx, req)
	if limit != nil && limit.over.Load() {
		if resp != nil {
			resp.Body.Close()
		}
		s.refuse(w, r, start, http.StatusRequestEntityTooLarge)
		return
	}
	if err != nil {
		s.failed(w, req, start, trail, err)
		return
	}
	writeResponse(w, r, resp)
	s.line(r, resp.StatusCode, start, trail.String())
}

// failed answers a request whose pipeline returned an error instead of a response.
func (s *Server) failed(w http.ResponseWriter, r *http.Request, start time.Time,
	trail *pipeline.Trail, err error) {
	if r.Context().Err() != nil {
		s.line(r, 499, start, trail.String()+" (client went away)")
		return
	}
	s.log.Error("request failed", "method", r.Method, "url", r.URL.String(), "err", err)
	resp := (*http.Response)(nil)
	if page := ErrorPage(s.opts.Dev); page != nil {
		resp = page(r, err)
	}
	if resp == nil {
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	} else {
		writeResponse(w, r, resp)
	}
	s.line(r, http.StatusInternalServerError, start, trail.String())
}

// refuse answers with a bare status.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, start time.Time, status int) {
	w.Header().Set("Connection", "close")
	http.Error(w, http.StatusText(status), status)
	s.line(r, status, start, "")
}

// line prints the request's line: "GET /path 200 1.2ms mw > app:assets".
func (s *Server) line(r *http.Request, status int, start time.Time, stages string) {
	if s.lines == nil {
		return
	}
	d := time.Since(start)
	switch {
	case d >= time.Second:
		d = d.Round(time.Millisecond)
	case d >= time.Millisecond:
		d = d.Round(10 * time.Microsecond)
	default:
		d = d.Round(time.Microsecond)
	}
	s.lines.add(r.Method, r.RequestURI, status, d, stages)
}

// writeResponse writes resp to w and closes its body. A body that is a file (an
// asset) reaches the connection's ReadFrom, which copies it with sendfile.
func writeResponse(w http.ResponseWriter, r *http.Request, resp *http.Response) {
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	defer resp.Body.Close()
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = v
	}
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = nil // no sniffing: a worker that sets none sends none
	}
	if _, ok := h["Content-Length"]; !ok && resp.ContentLength >= 0 &&
		resp.Body != http.NoBody {
		h.Set("Content-Length", strconv.FormatInt(resp.ContentLength, 10))
	}
	w.WriteHeader(resp.StatusCode)
	if r.Method == http.MethodHead || resp.Body == http.NoBody {
		return
	}
	io.Copy(w, resp.Body)
}

// limitedBody fails a read past the body limit and remembers that it did.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
	over atomic.Bool
}

// errBodyTooLarge is what a worker reading past the limit sees.
var errBodyTooLarge = errors.New("request body too large")

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		if n, err := b.rc.Read(one[:]); n == 0 {
			return 0, err
		}
		b.over.Store(true)
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }
