package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// MaxInvocations is how many worker invocations one request chain may make (spec 1.2):
// middleware, origin code and service-binding targets all count; asset responses do not.
const MaxInvocations = 32

// ErrTooDeep is wrapped by the error of an invocation past MaxInvocations.
var ErrTooDeep = errors.New("too many worker invocations in one request chain")

// hop is one invocation of the current request chain, carried in the context so that
// the invocation count survives every Go and JavaScript boundary between stages.
type hop struct {
	worker string
	prev   *hop
	n      int
}

type hopKey struct{}

// enter records an invocation of worker in ctx, or fails with ErrTooDeep naming the
// chain when it would be the 33rd.
func enter(ctx context.Context, worker string) (context.Context, error) {
	prev, _ := ctx.Value(hopKey{}).(*hop)
	n := 1
	if prev != nil {
		n = prev.n + 1
	}
	if n > MaxInvocations {
		return ctx, fmt.Errorf("invoke %q: %w (%d): %s", worker, ErrTooDeep, MaxInvocations,
			chainOf(prev, worker))
	}
	return context.WithValue(ctx, hopKey{}, &hop{worker: worker, prev: prev, n: n}), nil
}

// chainOf renders the chain as "a -> b -> a -> ...", eliding the middle of long ones.
func chainOf(h *hop, next string) string {
	names := []string{next}
	for ; h != nil; h = h.prev {
		names = append(names, h.worker)
	}
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	if len(names) > 8 {
		names = append(append(names[:4:4], "..."), names[len(names)-3:]...)
	}
	return strings.Join(names, " -> ")
}

// Trail records the stages one request ran through, for the request's log line. It is
// safe for concurrent use: a middleware may fetch from several stages at once.
type Trail struct {
	// mu guards stages.
	mu     sync.Mutex
	stages []string
}

type trailKey struct{}

// WithTrail returns ctx carrying a new Trail that the stages of a request append to.
func WithTrail(ctx context.Context) (context.Context, *Trail) {
	t := &Trail{}
	return context.WithValue(ctx, trailKey{}, t), t
}

// note appends a stage to the trail of ctx, if any.
func note(ctx context.Context, stage string) {
	if t, ok := ctx.Value(trailKey{}).(*Trail); ok {
		t.mu.Lock()
		t.stages = append(t.stages, stage)
		t.mu.Unlock()
	}
}

// String lists the stages in the order they started, as "a > b > b:assets".
func (t *Trail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.stages, " > ")
}

// Stages returns a copy of the stages run so far.
func (t *Trail) Stages() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.stages...)
}
