// Package dev owns a development session (portico dev): it loads the workers named on
// the command line, finds a missing middleware in the folders beside its origin, builds
// each worker's version (config, secrets, assets, script), compiles the pipelines,
// serves them, and watches the files each version came from, rebuilding and swapping a
// worker when its source, config or assets change. A broken edit keeps the last good
// version serving and prints why.
//
// dev ties config, bundle, assets, jsrt, pipeline and server together; it must not
// import the JavaScript engine or cli. Script code runs through Options.NewRunner.
package dev

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"sync"

	"github.com/portico-dev/portico/internal/bundle"
	"github.com/portico-dev/portico/internal/config"
	"github.com/portico-dev/portico/internal/pipeline"
	"github.com/portico-dev/portico/internal/server"
)

// Options configure a session. Precedence of values, lowest first: the config file,
// its [env.NAME], then Vars.
type Options struct {
	// Paths are the workers to load: config files or folders holding one. Empty means
	// the current folder.
	Paths []string
	// Env selects each config's [env.NAME] and its .dev.vars.NAME.
	Env string
	// Vars are --var KEY:VALUE values: secrets that override every worker's vars and
	// local secrets of the same name.
	Vars map[string]string
	// IP and Port are where to listen; "" and 0 mean 127.0.0.1 and 8787. Port -1 picks
	// a free port (tests).
	IP   string
	Port int
	// Out receives what the session tells its user: the address, request lines,
	// reloads and each worker's console output. Err receives diagnostics and errors.
	Out, Err io.Writer
	// Getenv reads the process environment; nil means nothing is set.
	Getenv func(string) string
	// NewRunner starts the isolates of a worker's script; console prints one line of
	// its console output. Nil means a jsrt pool.
	NewRunner func(cfg *config.Config, script *bundle.Script, console func(string)) (
		pipeline.Runner, error)
	// Ready, when set, is called with the listening address once the server accepts.
	Ready func(addr string)
	// Logger receives operator logs; nil means slog.Default().
	Logger *slog.Logger
}

// Run loads, serves and watches until ctx is done. It returns an error when the
// initial load fails (every problem is printed to Err first) or the address cannot
// be listened on.
func Run(ctx context.Context, opts Options) error {
	s, err := newSession(opts)
	if err != nil {
		return err
	}
	defer s.close()
	set, err := s.loadAll()
	if err != nil {
		return err
	}
	s.srv.Swap(set)
	if !pipeline.JSRunsFetch() {
		fmt.Fprintf(s.errw, "warning: %v: requests that reach worker code get a 500; "+
			"assets are served\n", pipeline.ErrNoFetchHandlers)
	}
	ip, port := opts.IP, opts.Port
	if ip == "" {
		ip = "127.0.0.1"
	}
	switch port {
	case 0:
		port = 8787
	case -1:
		port = 0
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
	if err != nil {
		<-set.Retire()
		return fmt.Errorf("dev: %w", err)
	}
	// Watch before saying so: an edit made right after the announcement is seen.
	w, err := s.watch()
	if err != nil {
		fmt.Fprintf(s.errw, "warning: file watching is off: %v\n", err)
	} else {
		stopped := make(chan struct{})
		defer func() {
			w.Close() // ends watchLoop, after the reload it may be running
			<-stopped
		}()
		go func() {
			defer close(stopped)
			s.watchLoop(ctx, w)
		}()
	}
	s.announce(set, ln.Addr().String())
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}
	return s.srv.Serve(ctx, ln)
}

// session is the state of one portico dev.
type session struct {
	opts Options
	srv  *server.Server
	log  *slog.Logger

	// outMu serialises lines to Out and Err.
	outMu sync.Mutex
	out   io.Writer
	errw  io.Writer

	// mu guards sources and their versions, and the compile of a new Set.
	mu       sync.Mutex
	sources  []*source
	searched map[string][]string

	// watching is the set of folders the watcher has; only the watch loop uses it.
	watching map[string]bool
}

func newSession(opts Options) (*session, error) {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Err == nil {
		opts.Err = io.Discard
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	if opts.NewRunner == nil {
		opts.NewRunner = jsRunner(log)
	}
	s := &session{opts: opts, log: log.With("component", "dev"), watching: map[string]bool{}}
	s.out = lockedWriter{&s.outMu, opts.Out}
	s.errw = lockedWriter{&s.outMu, opts.Err}
	s.srv = server.New(server.Options{Dev: true, Out: s.out, Logger: log})
	return s, nil
}

func (s *session) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, src := range s.sources {
		src.close()
	}
}

// announce prints where each routable worker is served.
func (s *session) announce(set *pipeline.Set, addr string) {
	for i, w := range set.Routable() {
		via := ""
		if chain := w.Config.Middleware; len(chain) > 0 {
			via = " through " + joinQuoted(chain)
		}
		if i == 0 {
			fmt.Fprintf(s.out, "%s: serving on http://%s%s\n", w.Name(), addr, via)
		}
		for _, r := range w.Config.Routes {
			fmt.Fprintf(s.out, "%s: serving route %s%s\n", w.Name(), r.Pattern, via)
		}
	}
}

// lockedWriter serialises writes from the server, the watcher and the isolates.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
