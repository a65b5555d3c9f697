package iii

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The shared scenario list (tests/conformance/scenarios.json), run with the Go client.

const waitFor = 30 * time.Second

var sharedEngine *engineHost

func TestMain(m *testing.M) {
	host, err := startEngineHost(false)
	if err != nil {
		fmt.Fprintln(os.Stderr, "engine host:", err)
		os.Exit(1)
	}
	sharedEngine = host
	code := m.Run()
	unhandled, err := host.stop()
	if err != nil || len(unhandled) > 0 {
		fmt.Fprintln(os.Stderr, "engine stop:", err, "unhandled:", unhandled)
		code = 1
	}
	os.Exit(code)
}

type scenario map[string]any

func (s scenario) str(key string) string { v, _ := s[key].(string); return v }
func (s scenario) expect() scenario      { v, _ := s["expect"].(map[string]any); return v }

type scenarioList struct {
	Clients   []string   `json:"clients"`
	Scenarios []scenario `json:"scenarios"`
}

func loadScenarios(t *testing.T, client string) []scenario {
	raw, err := os.ReadFile(filepath.Join(repoRoot, "tests/conformance/scenarios.json"))
	if err != nil {
		t.Fatal(err)
	}
	var list scenarioList
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	var out []scenario
	for _, s := range list.Scenarios {
		clients := list.Clients
		if c, ok := s["clients"].([]any); ok {
			clients = nil
			for _, x := range c {
				clients = append(clients, x.(string))
			}
		}
		for _, c := range clients {
			if c == client {
				out = append(out, s)
			}
		}
	}
	return out
}

type session struct {
	t       *testing.T
	url     string
	workers []*Worker
}

func (s *session) connect(name, url string) *Worker {
	s.t.Helper()
	if name == "" {
		name = "go-" + newUUID()[:8]
	}
	if url == "" {
		url = s.url
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	w, err := Connect(ctx, url, Options{
		WorkerName: name,
		Reconnect:  ReconnectOptions{InitialDelay: 50 * time.Millisecond, MaxDelay: 300 * time.Millisecond},
	})
	if err != nil {
		s.t.Fatalf("connect: %v", err)
	}
	s.workers = append(s.workers, w)
	return w
}

func (s *session) close() {
	for _, w := range s.workers {
		_ = w.Close()
	}
	s.workers = nil
}

type listedFunction struct {
	FunctionID  string `json:"function_id"`
	WorkerName  string `json:"worker_name"`
	Description string `json:"description"`
}

func registered(t *testing.T, caller *Worker, id string) listedFunction {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		var out struct {
			Functions []listedFunction `json:"functions"`
		}
		if err := caller.Call(context.Background(), "engine::functions::list", map[string]any{}, &out); err != nil {
			t.Fatal(err)
		}
		for _, f := range out.Functions {
			if f.FunctionID == id {
				return f
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("function %s never listed", id)
	return listedFunction{}
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("expected an *iii.Error, got %v", err)
	}
	return e
}

func waitValue[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitFor):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}

func handlerOf(f func(data map[string]any) (any, error)) Handler {
	return func(_ context.Context, raw json.RawMessage) (any, error) {
		var data map[string]any
		if err := json.Unmarshal(raw, &data); err != nil {
			return nil, err
		}
		return f(data)
	}
}

var ctx = context.Background()

var implemented = map[string]func(*testing.T, *session, scenario){
	"sync-call": func(t *testing.T, s *session, sc scenario) {
		b := s.connect("", "")
		must(t)(b.RegisterFunction(sc.str("function"), handlerOf(func(d map[string]any) (any, error) {
			return map[string]any{"echoed": d["value"]}, nil
		})))
		a := s.connect("", "")
		registered(t, a, sc.str("function"))
		var out any
		if err := a.Call(ctx, sc.str("function"), sc["payload"], &out); err != nil {
			t.Fatal(err)
		}
		assertJSONEqual(t, out, sc.expect()["result"])
	},
	"void-call": func(t *testing.T, s *session, sc scenario) {
		seen := make(chan any, 1)
		b := s.connect("", "")
		must(t)(b.RegisterFunction(sc.str("function"), handlerOf(func(d map[string]any) (any, error) {
			seen <- d["n"]
			return map[string]any{"ignored": true}, nil
		})))
		a := s.connect("", "")
		registered(t, a, sc.str("function"))
		if err := a.CallVoid(ctx, sc.str("function"), sc["payload"]); err != nil {
			t.Fatal(err)
		}
		assertJSONEqual(t, waitValue(t, seen, "void handler"), sc.expect()["handler_saw"])
	},
	"enqueue-call": func(t *testing.T, s *session, sc scenario) {
		seen := make(chan any, 1)
		b := s.connect("", "")
		must(t)(b.RegisterFunction(sc.str("function"), handlerOf(func(d map[string]any) (any, error) {
			select {
			case seen <- d["order"]:
			default:
			}
			return nil, nil
		})))
		a := s.connect("", "")
		registered(t, a, sc.str("function"))
		receipt, err := a.Enqueue(ctx, sc.str("function"), sc["payload"], EnqueueOptions{Queue: sc.str("queue")})
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(sc.expect().str("receipt_pattern")).MatchString(receipt) {
			t.Fatalf("receipt %q", receipt)
		}
		assertJSONEqual(t, waitValue(t, seen, "queued job"), sc.expect()["handler_saw"])
	},
	"enqueue-unknown-queue": func(t *testing.T, s *session, sc scenario) {
		a := s.connect("", "")
		_, err := a.Enqueue(ctx, sc.str("function"), sc["payload"], EnqueueOptions{Queue: sc.str("queue")})
		if e := asError(t, err); e.Code != sc.expect().str("error_code") || e.Code != CodeEnqueueError {
			t.Fatalf("code %s", e.Code)
		}
	},
	"handler-error": func(t *testing.T, s *session, sc scenario) {
		b := s.connect("", "")
		must(t)(b.RegisterFunction(sc.str("function"), func(context.Context, json.RawMessage) (any, error) {
			return nil, errors.New(sc.str("message"))
		}))
		a := s.connect("", "")
		registered(t, a, sc.str("function"))
		e := asError(t, a.Call(ctx, sc.str("function"), map[string]any{}, nil))
		if e.Code != sc.expect().str("error_code") || e.Code != CodeInvocationFailed || !strings.Contains(e.Message, sc.expect().str("message_contains")) {
			t.Fatalf("got %v", e)
		}
	},
	"unknown-function": func(t *testing.T, s *session, sc scenario) {
		a := s.connect("", "")
		e := asError(t, a.Call(ctx, sc.str("function"), map[string]any{}, nil))
		info, ok := e.Info()
		if e.Code != CodeFunctionNotFound || !strings.Contains(e.Message, sc.expect().str("message_contains")) || !ok || info.Status != 404 {
			t.Fatalf("got %v", e)
		}
	},
	"callee-disconnect": func(t *testing.T, s *session, sc scenario) {
		entered := make(chan struct{}, 1)
		b := s.connect("", "")
		must(t)(b.RegisterFunction(sc.str("function"), func(ctx context.Context, _ json.RawMessage) (any, error) {
			entered <- struct{}{}
			<-ctx.Done()
			return nil, ctx.Err()
		}))
		a := s.connect("", "")
		registered(t, a, sc.str("function"))
		errs := make(chan error, 1)
		go func() {
			c, cancel := context.WithTimeout(ctx, time.Duration(sc["timeout_ms"].(float64))*time.Millisecond)
			defer cancel()
			errs <- a.Call(c, sc.str("function"), map[string]any{}, nil)
		}()
		waitValue(t, entered, "handler entered")
		_ = b.Close()
		if e := asError(t, waitValue(t, errs, "call end")); e.Code != CodeInvocationStopped {
			t.Fatalf("got %v", e)
		}
	},
	"concurrent-calls": func(t *testing.T, s *session, sc scenario) {
		b := s.connect("", "")
		must(t)(b.RegisterFunction(sc.str("function"), handlerOf(func(d map[string]any) (any, error) {
			return d["n"].(float64) * 2, nil
		})))
		a := s.connect("", "")
		registered(t, a, sc.str("function"))
		n := int(sc["count"].(float64))
		results := make([]float64, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs[i] = a.Call(ctx, sc.str("function"), map[string]any{"n": i}, &results[i])
			}(i)
		}
		wg.Wait()
		for i := 0; i < n; i++ {
			if errs[i] != nil || results[i] != float64(i*2) {
				t.Fatalf("call %d: %v %v", i, results[i], errs[i])
			}
		}
	},
	"discovery": func(t *testing.T, s *session, sc scenario) {
		name := "disc-" + newUUID()[:8]
		b := s.connect(name, "")
		must(t)(b.RegisterFunction(sc.str("function"), handlerOf(func(map[string]any) (any, error) { return nil, nil }),
			WithDescription(sc.str("description"))))
		a := s.connect("", "")
		f := registered(t, a, sc.str("function"))
		if f.WorkerName != name || f.Description != sc.str("description") {
			t.Fatalf("listed %+v", f)
		}
		var fl struct {
			Functions []listedFunction `json:"functions"`
		}
		must0(t, a.Call(ctx, "engine::functions::list", map[string]any{}, &fl))
		for _, x := range fl.Functions {
			if strings.HasPrefix(x.FunctionID, "engine::functions") {
				t.Fatalf("engine function listed: %s", x.FunctionID)
			}
		}
		var wl struct {
			Workers []struct {
				Name          string  `json:"name"`
				Status        string  `json:"status"`
				FunctionCount float64 `json:"function_count"`
			} `json:"workers"`
		}
		must0(t, a.Call(ctx, "engine::workers::list", map[string]any{}, &wl))
		found := false
		for _, r := range wl.Workers {
			if r.Name == name {
				found = r.Status == sc.expect().str("status") && r.FunctionCount == sc.expect()["function_count"].(float64)
			}
		}
		if !found {
			t.Fatalf("worker %s not listed as expected: %+v", name, wl.Workers)
		}
		var info map[string]any
		must0(t, a.Call(ctx, "engine::functions::info", map[string]any{"function_id": sc.str("function")}, &info))
		if info["function_id"] != sc.str("function") || info["namespace"] != sc.expect().str("namespace") || info["worker_name"] != name {
			t.Fatalf("info %v", info)
		}
	},
	"custom-trigger-type": func(t *testing.T, s *session, sc scenario) {
		bound := make(chan TriggerBinding, 1)
		fired := make(chan map[string]any, 1)
		provider := s.connect("", "")
		must(t)(provider.RegisterTriggerType(sc.str("trigger_type"), "test trigger type", providerFunc(func(b TriggerBinding) {
			select {
			case bound <- b:
			default:
			}
		})))
		consumer := s.connect("", "")
		must(t)(consumer.RegisterFunction(sc.str("function"), handlerOf(func(d map[string]any) (any, error) {
			select {
			case fired <- d:
			default:
			}
			return nil, nil
		})))
		must(t)(consumer.RegisterTrigger(sc.str("trigger_type"), sc.str("function"), sc["config"]))
		b := waitValue(t, bound, "binding")
		var config any
		_ = json.Unmarshal(b.Config, &config)
		if b.FunctionID != sc.str("function") {
			t.Fatalf("binding %+v", b)
		}
		assertJSONEqual(t, config, sc["config"])
		must0(t, provider.CallVoid(ctx, b.FunctionID, sc["payload"]))
		data := waitValue(t, fired, "trigger fire")
		for k, v := range sc.expect()["handler_saw"].(map[string]any) {
			assertJSONEqual(t, data[k], v)
		}
	},
	"engine-restart": func(t *testing.T, s *session, sc scenario) {
		host, err := startEngineHost(true)
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			s.close()
			if unhandled, err := host.stop(); err != nil || len(unhandled) > 0 {
				t.Errorf("engine stop: %v %v", err, unhandled)
			}
		}()
		want := sc.expect().str("result")
		b := s.connect("", host.URL)
		must(t)(b.RegisterFunction(sc.str("function"), handlerOf(func(map[string]any) (any, error) { return want, nil })))
		a := s.connect("", host.URL)
		registered(t, a, sc.str("function"))
		var got string
		must0(t, a.Call(ctx, sc.str("function"), map[string]any{}, &got))
		if got != want {
			t.Fatalf("got %q", got)
		}
		if err := host.restart(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(waitFor)
		for {
			c, cancel := context.WithTimeout(ctx, time.Second)
			err := a.Call(c, sc.str("function"), map[string]any{}, &got)
			cancel()
			if err == nil && got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("no answer after restart: %v", err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	},
}

// The chain runs once, from tests/conformance/chain.test.ts, with every language at once.
var runElsewhere = map[string]bool{"cross-language-chain": true}

func TestConformance(t *testing.T) {
	for _, sc := range loadScenarios(t, "go") {
		id := sc.str("id")
		if runElsewhere[id] {
			continue
		}
		t.Run(id, func(t *testing.T) {
			run, ok := implemented[id]
			if !ok {
				t.Fatalf("scenario %s of scenarios.json has no Go implementation", id)
			}
			s := &session{t: t, url: sharedEngine.URL}
			defer s.close()
			run(t, s, sc)
		})
	}
}

type providerFunc func(TriggerBinding)

func (p providerFunc) RegisterTrigger(_ context.Context, b TriggerBinding) error { p(b); return nil }
func (p providerFunc) UnregisterTrigger(context.Context, TriggerBinding) error   { return nil }

func must(t *testing.T) func(*Registration, error) {
	return func(_ *Registration, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func must0(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func assertJSONEqual(t *testing.T, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("got %s, want %s", g, w)
	}
}
