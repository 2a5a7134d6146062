package bundle

import (
	"errors"
	"fmt"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// ErrClosed is returned by Rebuild after Close.
var ErrClosed = errors.New("bundle context closed")

// Context rebuilds one worker's script incrementally: esbuild keeps the files it parsed
// and re-reads only what changed, so a rebuild of a small worker takes milliseconds. A
// Context is safe for use by several goroutines; rebuilds run one at a time.
type Context struct {
	opts Options

	// mu serialises rebuilds and guards ctx.
	mu  sync.Mutex
	ctx api.BuildContext // nil after Close
}

// NewContext prepares incremental builds of opts.Entry; nothing is built until Rebuild.
// Close releases it.
func NewContext(opts Options) (*Context, error) {
	bo, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	ctx, cerr := api.Context(bo)
	if cerr != nil {
		return nil, &Error{Messages: messagesOf(bo.AbsWorkingDir, cerr.Errors)}
	}
	return &Context{opts: opts, ctx: ctx}, nil
}

// Rebuild bundles the entry as the files are now. A build failure is an *Error; the
// Context stays usable, so the next Rebuild after a fix succeeds.
func (c *Context) Rebuild() (*Script, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx == nil {
		return nil, fmt.Errorf("rebuild %s: %w", c.opts.Entry, ErrClosed)
	}
	return scriptOf(c.opts, c.ctx.Rebuild())
}

// Close releases esbuild's state. Close is idempotent.
func (c *Context) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx != nil {
		c.ctx.Dispose()
		c.ctx = nil
	}
}
