package iii

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
)

func (w *Worker) dispatch(frame Frame) {
	switch f := frame.(type) {
	case InvocationResult:
		w.onResult(f)
	case InvokeFunction:
		go w.onInvoke(f)
	case WorkerRegistered:
		w.mu.Lock()
		w.workerID = f.WorkerID
		if f.ReattachToken != nil {
			w.reattachToken = *f.ReattachToken
		}
		w.mu.Unlock()
	case Ping:
		go func() { _ = w.send(Pong{}) }()
	case RegisterTrigger:
		go w.onBinding(f)
	case UnregisterTrigger:
		go w.onUnbind(f)
	case RegistrationRejected:
		w.onRejected(f)
	case ErrorFrame:
		w.mu.Lock()
		w.fatal = &Error{Code: f.Error.Code, Message: f.Error.Message}
		w.mu.Unlock()
		w.log.Error("engine refused the connection", "message", f.Error.Message)
	}
}

func (w *Worker) onResult(f InvocationResult) {
	w.mu.Lock()
	ch, ok := w.pending[f.InvocationID]
	delete(w.pending, f.InvocationID)
	w.mu.Unlock()
	if !ok {
		return
	}
	if f.Error != nil {
		e := &Error{Code: f.Error.Code, Message: f.Error.Message}
		if f.Error.Stacktrace != nil {
			e.Stacktrace = *f.Error.Stacktrace
		}
		if f.FunctionID != nil {
			e.FunctionID = *f.FunctionID
		}
		ch <- callResult{err: e}
		return
	}
	ch <- callResult{result: f.Result}
}

func (w *Worker) onInvoke(f InvokeFunction) {
	w.mu.Lock()
	entry, ok := w.functions[f.FunctionID]
	w.mu.Unlock()
	ctx := w.ctx
	if f.Traceparent != nil {
		ctx = WithTraceparent(ctx, *f.Traceparent)
	}
	var result any
	var err error
	if !ok {
		err = newError(CodeFunctionNotFound, "Function %s is not registered on this worker", f.FunctionID)
	} else {
		result, err = runHandler(ctx, entry.handler, f.Data)
	}
	if f.InvocationID == nil {
		return
	}
	out := InvocationResult{InvocationID: *f.InvocationID, FunctionID: &f.FunctionID, Traceparent: f.Traceparent, Baggage: f.Baggage}
	if err == nil {
		raw, mErr := json.Marshal(result)
		if mErr != nil {
			err = &Error{Code: CodeSerializationError, Message: mErr.Error()}
		} else {
			out.Result = raw
		}
	}
	if err != nil {
		out.Error = errorBody(err)
	}
	_ = w.send(out)
}

// runHandler runs a handler, turning a panic into invocation_failed.
func runHandler(ctx context.Context, h Handler, data json.RawMessage) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &Error{Code: CodeInvocationFailed, Message: fmt.Sprint(p), Stacktrace: string(debug.Stack())}
		}
	}()
	if data == nil {
		data = json.RawMessage("null")
	}
	return h(ctx, data)
}

func errorBody(err error) *ErrorBody {
	var e *Error
	if errors.As(err, &e) {
		body := &ErrorBody{Code: e.Code, Message: e.Message}
		if e.Stacktrace != "" {
			body.Stacktrace = &e.Stacktrace
		}
		return body
	}
	return &ErrorBody{Code: CodeInvocationFailed, Message: err.Error()}
}

func (w *Worker) onBinding(f RegisterTrigger) {
	w.mu.Lock()
	entry, ok := w.triggerTypes[f.TriggerType]
	w.mu.Unlock()
	res := TriggerRegistrationResult{ID: f.ID, TriggerType: f.TriggerType, FunctionID: f.FunctionID}
	if !ok {
		res.Error = &ErrorBody{Code: CodeTriggerTypeNotFound, Message: "trigger type " + f.TriggerType + " not provided here"}
	} else {
		b := TriggerBinding{ID: f.ID, TriggerType: f.TriggerType, FunctionID: f.FunctionID, Config: f.Config, Metadata: f.Metadata}
		if err := entry.handler.RegisterTrigger(w.ctx, b); err != nil {
			res.Error = &ErrorBody{Code: CodeTriggerRegistrationFailed, Message: err.Error()}
		}
	}
	_ = w.send(res)
}

func (w *Worker) onUnbind(f UnregisterTrigger) {
	if f.TriggerType == nil {
		return
	}
	w.mu.Lock()
	entry, ok := w.triggerTypes[*f.TriggerType]
	w.mu.Unlock()
	if ok {
		if err := entry.handler.UnregisterTrigger(w.ctx, TriggerBinding{ID: f.ID, TriggerType: *f.TriggerType}); err != nil {
			w.log.Warn("UnregisterTrigger failed", "id", f.ID, "err", err)
		}
	}
}

func (w *Worker) onRejected(f RegistrationRejected) {
	if f.Code == CodeWorkerNamespaceConflict {
		w.mu.Lock()
		w.fatal = newError(f.Code, "worker name is held by %s", f.OwnerWorkerID)
		w.mu.Unlock()
		w.log.Error("worker name refused", "owner", f.OwnerWorkerID)
		return
	}
	w.log.Warn("function registration refused", "code", f.Code)
}
