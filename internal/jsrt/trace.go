package jsrt

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Outcome says how an invocation finished, with the names of workerd's trace outcomes.
// It describes the script, not the HTTP status: a handler that returns a 500 response
// finished "ok".
type Outcome string

// The outcomes an invocation can have.
const (
	OutcomeOK            Outcome = "ok"
	OutcomeException     Outcome = "exception"   // the handler threw or its promise rejected
	OutcomeExceededCPU   Outcome = "exceededCpu" // stopped at the CPU limit
	OutcomeCanceled      Outcome = "canceled"    // the caller went away, the pool closed, or waitUntil ran out of time
	OutcomeInternalError Outcome = "internalError"
)

// Log is one console call of a worker.
type Log struct {
	Timestamp time.Time
	// Level is "log", "info", "warn", "error" or "debug".
	Level string
	// Message holds the arguments of the call as Go values: nil (null), Undefined, bool,
	// float64, string, *big.Int, time.Time, []any and map[string]any; an Error becomes
	// its stack text, a function or symbol its description, a repeated reference
	// "[Circular]".
	Message []any
}

// Undefined stands for JavaScript's undefined in Log.Message; null is nil. It encodes
// as JSON null.
type Undefined struct{}

func (Undefined) String() string { return "undefined" }

// MarshalJSON encodes undefined as null, as JSON.stringify does inside arrays.
func (Undefined) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// Text returns the message as a console prints it: the arguments separated by spaces,
// strings as they are and other values as JSON.
func (l Log) Text() string {
	var b strings.Builder
	for i, m := range l.Message {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch v := m.(type) {
		case string:
			b.WriteString(v)
		case nil:
			b.WriteString("null")
		case fmt.Stringer:
			b.WriteString(v.String())
		default:
			j, err := json.Marshal(v)
			if err != nil {
				fmt.Fprint(&b, v)
				continue
			}
			b.Write(j)
		}
	}
	return b.String()
}

// Event describes what started an invocation: Type is "fetch", "scheduled" or
// "jsrpc", and the fields of that type are set.
type Event struct {
	Type string

	// A fetch event: the request (Header is the request's own map; do not modify it)
	// and the status of the response, 0 until there is one.
	Method string
	URL    string
	Header http.Header
	Status int

	// A scheduled event.
	Cron          string
	ScheduledTime time.Time

	// A jsrpc event: the method called.
	RPCMethod string
}

// Trace is the trace item of one invocation: its event, console logs, exceptions,
// outcome and timings.
//
// A Trace returned by the pool is a snapshot that nothing writes to: Pool.Fetch and
// Pool.Call return as soon as the handler's result is ready, so the invocation may still
// run ctx.waitUntil work and log. Final waits for the end of the invocation and returns
// the complete trace item; Done tells when that is.
type Trace struct {
	ScriptName string // the worker's name
	Entrypoint string // the named export invoked; "" for the default export
	Event      Event
	// EventTimestamp is when the invocation started.
	EventTimestamp time.Time
	Outcome        Outcome
	Logs           []Log
	Exceptions     []*Exception
	// CPUTime is the time the isolate spent running this invocation's code; WallTime
	// the time from start to the snapshot (to the end, in the final trace).
	CPUTime  time.Duration
	WallTime time.Duration
	// PassThroughOnException is set when the handler called
	// ctx.passThroughOnException() before its result was ready: the caller should
	// answer an exception by passing the request on, not with an error.
	PassThroughOnException bool

	final *traceFinal
}

// traceFinal is shared by the snapshots of one invocation's trace: trace is the
// complete item, set before done is closed.
type traceFinal struct {
	done  chan struct{}
	trace *Trace
}

// closedChan is a closed channel, the Done of a trace without a final item to wait for.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// Done returns a channel that is closed when the invocation has ended (its waitUntil
// work and held bodies included).
func (t *Trace) Done() <-chan struct{} {
	if t.final == nil {
		return closedChan
	}
	return t.final.done
}

// Final waits until the invocation has ended and returns its complete trace item.
func (t *Trace) Final() *Trace {
	if t.final == nil {
		return t
	}
	<-t.final.done
	return t.final.trace
}

// snapshot returns a copy of t that later appends to t do not change.
func (t *Trace) snapshot() *Trace {
	s := *t
	s.Logs = t.Logs[:len(t.Logs):len(t.Logs)]
	s.Exceptions = t.Exceptions[:len(t.Exceptions):len(t.Exceptions)]
	return &s
}
