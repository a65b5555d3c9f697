package iii

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// Bad input to the Go client's entry points gets a clear *Error and leaves the worker usable.
func TestBadInputIsRefusedWithRegistryCodes(t *testing.T) {
	s := &session{t: t, url: sharedEngine.URL}
	defer s.close()
	w := s.connect("", "")
	if _, err := w.RegisterFunction("", nil); asError(t, err).Code != CodeInvalidArguments {
		t.Fatalf("empty id: %v", err)
	}
	if _, err := w.RegisterTrigger("", "x", nil); asError(t, err).Code != CodeInvalidArguments {
		t.Fatalf("empty trigger type: %v", err)
	}
	if err := w.Call(ctx, "engine::functions::list", map[string]any{"c": make(chan int)}, nil); asError(t, err).Code != CodeSerializationError {
		t.Fatalf("unserializable payload: %v", err)
	}
	must(t)(w.RegisterFunction("go::bad-result", func(context.Context, json.RawMessage) (any, error) {
		return map[string]any{"c": make(chan int)}, nil
	}))
	registered(t, w, "go::bad-result")
	if err := w.Call(ctx, "go::bad-result", nil, nil); asError(t, err).Code != CodeSerializationError {
		t.Fatalf("unserializable result: %v", err)
	}
	must(t)(w.RegisterFunction("go::panics", func(context.Context, json.RawMessage) (any, error) {
		panic("handler panicked on purpose")
	}))
	registered(t, w, "go::panics")
	if e := asError(t, w.Call(ctx, "go::panics", nil, nil)); e.Code != CodeInvocationFailed || e.Message != "handler panicked on purpose" {
		t.Fatalf("panic: %v", e)
	}
	var out map[string]any
	must0(t, w.Call(ctx, "engine::functions::list", map[string]any{}, &out))
}

func TestConnectToNothingFailsClearly(t *testing.T) {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := Connect(c, "ws://127.0.0.1:9", Options{Reconnect: ReconnectOptions{MaxRetries: NoRetry}})
	if asError(t, err).Code != CodeUnavailable {
		t.Fatalf("got %v", err)
	}
}
