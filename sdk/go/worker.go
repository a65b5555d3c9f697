// Package iii is the Go client of the iii engine: register functions and trigger types, bind
// triggers, and call functions, over the engine's WebSocket worker protocol. Message types are
// generated from the protocol's JSON Schema (protocol_gen.go, error_codes_gen.go).
package iii

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"

	"github.com/gorilla/websocket"
)

// Version is this client's version, announced to the engine.
const Version = "0.1.0"

// Handler runs one invocation. ctx carries the caller's trace; return a value that encodes
// as JSON, or an error (an *Error keeps its code; any other error is invocation_failed).
type Handler func(ctx context.Context, data json.RawMessage) (any, error)

// TriggerBinding is a binding the engine delivers to the provider of its trigger type.
type TriggerBinding struct {
	ID          string
	TriggerType string
	FunctionID  string
	Config      json.RawMessage
	Metadata    json.RawMessage
}

// TriggerTypeHandler is what a trigger-type provider implements.
type TriggerTypeHandler interface {
	RegisterTrigger(ctx context.Context, binding TriggerBinding) error
	UnregisterTrigger(ctx context.Context, binding TriggerBinding) error
}

type functionEntry struct {
	frame   RegisterFunction
	handler Handler
}

type triggerTypeEntry struct {
	frame   RegisterTriggerType
	handler TriggerTypeHandler
}

type callResult struct {
	result json.RawMessage
	err    error
}

// Worker is one connection to the engine. Create it with Connect; it reconnects and replays
// its registrations until Close.
type Worker struct {
	url  string
	opts Options
	log  *slog.Logger

	mu            sync.Mutex
	ws            *websocket.Conn
	connected     chan struct{} // closed while a connection is up
	workerID      string
	reattachToken string
	functions     map[string]functionEntry
	triggerTypes  map[string]triggerTypeEntry
	triggers      map[string]RegisterTrigger
	pending       map[string]chan callResult
	fatal         error

	writeMu sync.Mutex
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
}

// Connect opens a worker connection and waits until the engine accepted it, or ctx ends.
func Connect(ctx context.Context, url string, opts Options) (*Worker, error) {
	runCtx, cancel := context.WithCancel(context.Background())
	w := &Worker{
		url:          url,
		opts:         opts.withDefaults(),
		log:          slog.Default().With("worker", opts.WorkerName),
		connected:    make(chan struct{}),
		functions:    map[string]functionEntry{},
		triggerTypes: map[string]triggerTypeEntry{},
		triggers:     map[string]RegisterTrigger{},
		pending:      map[string]chan callResult{},
		ctx:          runCtx,
		cancel:       cancel,
		done:         make(chan struct{}),
	}
	up := w.waitConnected()
	go w.run()
	select {
	case <-up:
		return w, nil
	case <-w.done:
		w.Close()
		if err := w.fatalErr(); err != nil {
			return nil, err
		}
		return nil, newError(CodeUnavailable, "could not connect to %s", url)
	case <-ctx.Done():
		w.Close()
		return nil, ctx.Err()
	}
}

// Close ends the connection and stops reconnecting; pending calls fail with invocation_stopped.
func (w *Worker) Close() error {
	w.cancel()
	w.mu.Lock()
	ws := w.ws
	w.mu.Unlock()
	if ws != nil {
		w.writeMu.Lock()
		_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), deadline())
		w.writeMu.Unlock()
		_ = ws.Close()
	}
	<-w.done
	w.failPending(newError(CodeInvocationStopped, "worker closed"))
	return nil
}

// WorkerID is the engine's id of the current connection ("" before the first one).
func (w *Worker) WorkerID() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.workerID
}

func (w *Worker) waitConnected() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.connected
}

func (w *Worker) fatalErr() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fatal
}

func (w *Worker) failPending(err error) {
	w.mu.Lock()
	pending := w.pending
	w.pending = map[string]chan callResult{}
	w.mu.Unlock()
	for _, ch := range pending {
		ch <- callResult{err: err}
	}
}

// send writes one frame on the current connection; errors.Is(err, errOffline) when there is none.
func (w *Worker) send(frame Frame) error {
	data, err := json.Marshal(frame)
	if err != nil {
		return &Error{Code: CodeSerializationError, Message: err.Error()}
	}
	return w.sendRaw(data)
}

var errOffline = errors.New("not connected")

func (w *Worker) sendRaw(data []byte) error {
	w.mu.Lock()
	ws := w.ws
	w.mu.Unlock()
	if ws == nil {
		return errOffline
	}
	w.writeMu.Lock()
	defer w.writeMu.Unlock()
	return ws.WriteMessage(websocket.TextMessage, data)
}
