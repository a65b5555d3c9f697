package iii

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// RegisterFunction registers an async handler under id; it is replayed after every reconnect.
func (w *Worker) RegisterFunction(id string, handler Handler, opts ...FunctionOption) (*Registration, error) {
	if id == "" || handler == nil {
		return nil, newError(CodeInvalidArguments, "RegisterFunction needs a non-empty id and a handler")
	}
	frame := RegisterFunction{ID: id}
	for _, o := range opts {
		o(&frame)
	}
	w.mu.Lock()
	w.functions[id] = functionEntry{frame: frame, handler: handler}
	w.mu.Unlock()
	w.sendIfOnline(frame)
	return &Registration{w: w, kind: "function", id: id}, nil
}

// FunctionOption sets an optional field of a function registration.
type FunctionOption func(*RegisterFunction)

// WithDescription sets the description shown in discovery.
func WithDescription(description string) FunctionOption {
	return func(f *RegisterFunction) { f.Description = &description }
}

// RegisterTriggerType provides a trigger type; the engine delivers its bindings to handler.
func (w *Worker) RegisterTriggerType(id, description string, handler TriggerTypeHandler) (*Registration, error) {
	if id == "" || handler == nil {
		return nil, newError(CodeInvalidArguments, "RegisterTriggerType needs a non-empty id and a handler")
	}
	frame := RegisterTriggerType{ID: id, Description: description}
	if w.opts.Namespace != "" {
		ns := w.opts.Namespace
		frame.Namespace = &ns
	}
	w.mu.Lock()
	w.triggerTypes[id] = triggerTypeEntry{frame: frame, handler: handler}
	w.mu.Unlock()
	w.sendIfOnline(frame)
	return &Registration{w: w, kind: "trigger_type", id: id}, nil
}

// RegisterTrigger binds functionID to a trigger of triggerType with config.
func (w *Worker) RegisterTrigger(triggerType, functionID string, config any) (*Registration, error) {
	raw, err := json.Marshal(config)
	if err != nil {
		return nil, &Error{Code: CodeSerializationError, Message: err.Error()}
	}
	if triggerType == "" || functionID == "" {
		return nil, newError(CodeInvalidArguments, "RegisterTrigger needs a trigger type and a function id")
	}
	frame := RegisterTrigger{ID: newUUID(), TriggerType: triggerType, FunctionID: functionID, Config: raw}
	w.mu.Lock()
	w.triggers[frame.ID] = frame
	w.mu.Unlock()
	w.sendIfOnline(frame)
	return &Registration{w: w, kind: "trigger", id: frame.ID}, nil
}

func (w *Worker) sendIfOnline(frame Frame) {
	// Offline registrations go out with the replay on the next connection.
	if err := w.send(frame); err != nil && !errors.Is(err, errOffline) {
		w.log.Debug("registration not sent", "err", err)
	}
}

// Registration is a registered function, trigger type or trigger.
type Registration struct {
	w    *Worker
	kind string
	id   string
}

// ID is the registered id.
func (r *Registration) ID() string { return r.id }

// Unregister removes the registration from the engine and from the replay set.
func (r *Registration) Unregister() {
	w := r.w
	w.mu.Lock()
	var frame Frame
	switch r.kind {
	case "function":
		delete(w.functions, r.id)
		frame = UnregisterFunction{ID: r.id}
	case "trigger":
		delete(w.triggers, r.id)
		frame = UnregisterTrigger{ID: r.id}
	default:
		delete(w.triggerTypes, r.id)
		frame = UnregisterTriggerType{ID: r.id}
	}
	w.mu.Unlock()
	w.sendIfOnline(frame)
}

// CallOptions are the optional parts of a call.
type CallOptions struct {
	// Namespace of the target; empty is "default".
	Namespace string
	// Metadata travels beside the payload, never merged into it.
	Metadata any
}

// Call calls functionID synchronously and decodes its result into out (nil to discard).
// The deadline is ctx's, else Options.InvocationTimeout.
func (w *Worker) Call(ctx context.Context, functionID string, data any, out any, opts ...CallOptions) error {
	raw, err := w.invoke(ctx, functionID, data, nil, opts)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &Error{Code: CodeSerializationError, Message: err.Error(), FunctionID: functionID}
	}
	return nil
}

// CallVoid sends a call without waiting for it to run; the engine discards the result.
func (w *Worker) CallVoid(ctx context.Context, functionID string, data any, opts ...CallOptions) error {
	_, err := w.invoke(ctx, functionID, data, &TriggerAction{Type: TriggerActionVoid}, opts)
	return err
}

// EnqueueOptions routes a call through a queue.
type EnqueueOptions struct {
	Queue          string
	IdempotencyKey string
	Delay          time.Duration
}

// Enqueue puts a call on a queue and returns its message receipt id.
func (w *Worker) Enqueue(ctx context.Context, functionID string, data any, q EnqueueOptions, opts ...CallOptions) (string, error) {
	action := &TriggerAction{Type: TriggerActionEnqueue, Queue: q.Queue}
	if q.IdempotencyKey != "" {
		action.IdempotencyKey = &q.IdempotencyKey
	}
	if q.Delay > 0 {
		ms := q.Delay.Milliseconds()
		action.DelayMs = &ms
	}
	raw, err := w.invoke(ctx, functionID, data, action, opts)
	if err != nil {
		return "", err
	}
	var receipt struct {
		MessageReceiptID string `json:"messageReceiptId"`
	}
	if err := json.Unmarshal(raw, &receipt); err != nil {
		return "", &Error{Code: CodeSerializationError, Message: err.Error(), FunctionID: functionID}
	}
	return receipt.MessageReceiptID, nil
}

func (w *Worker) invoke(ctx context.Context, functionID string, data any, action *TriggerAction, opts []CallOptions) (json.RawMessage, error) {
	payload, err := json.Marshal(data)
	if err != nil {
		return nil, &Error{Code: CodeSerializationError, Message: err.Error(), FunctionID: functionID}
	}
	tp := childTraceparent(Traceparent(ctx))
	frame := InvokeFunction{FunctionID: functionID, Data: payload, Action: action, Traceparent: &tp}
	for _, o := range opts {
		if o.Namespace != "" {
			ns := o.Namespace
			frame.Namespace = &ns
		}
		if o.Metadata != nil {
			if frame.Metadata, err = json.Marshal(o.Metadata); err != nil {
				return nil, &Error{Code: CodeSerializationError, Message: err.Error(), FunctionID: functionID}
			}
		}
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, w.opts.InvocationTimeout)
		defer cancel()
	}
	var ch chan callResult
	if action == nil || action.Type != TriggerActionVoid {
		id := newUUID()
		frame.InvocationID = &id
		ch = make(chan callResult, 1)
		w.mu.Lock()
		w.pending[id] = ch
		w.mu.Unlock()
		defer func() {
			w.mu.Lock()
			delete(w.pending, id)
			w.mu.Unlock()
		}()
	}
	raw, err := json.Marshal(frame)
	if err != nil {
		return nil, &Error{Code: CodeSerializationError, Message: err.Error(), FunctionID: functionID}
	}
	if err := w.sendWhenOnline(ctx, raw, functionID); err != nil {
		return nil, err
	}
	if ch == nil {
		return nil, nil
	}
	select {
	case r := <-ch:
		return r.result, r.err
	case <-ctx.Done():
		return nil, timeoutError(ctx, functionID)
	}
}

// sendWhenOnline waits for a connection (bounded by ctx) and sends.
func (w *Worker) sendWhenOnline(ctx context.Context, raw []byte, functionID string) error {
	for {
		if err := w.fatalErr(); err != nil {
			return err
		}
		select {
		case <-w.waitConnected():
		case <-ctx.Done():
			return timeoutError(ctx, functionID)
		case <-w.done:
			return newError(CodeInvocationStopped, "worker closed")
		}
		err := w.sendRaw(raw)
		if err == nil {
			return nil
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return timeoutError(ctx, functionID)
		}
	}
}

func timeoutError(ctx context.Context, functionID string) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &Error{Code: CodeTimeout, Message: "invocation timed out", FunctionID: functionID}
	}
	return ctx.Err()
}
