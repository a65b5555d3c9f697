package iii

import (
	"context"
	"encoding/json"
	"math"
	"math/rand"
	"os"
	"runtime"
	"time"

	"github.com/gorilla/websocket"
)

func deadline() time.Time { return time.Now().Add(5 * time.Second) }

// run keeps a connection up until Close, with exponential backoff between attempts.
func (w *Worker) run() {
	defer close(w.done)
	r := w.opts.Reconnect
	attempt := 0
	for w.ctx.Err() == nil {
		if w.connectOnce() {
			attempt = 0
		}
		if w.ctx.Err() != nil || w.fatalErr() != nil {
			return
		}
		if r.MaxRetries != -1 && attempt >= r.MaxRetries {
			w.log.Error("giving up reconnecting", "attempts", attempt)
			return
		}
		base := math.Min(float64(r.InitialDelay)*math.Pow(r.BackoffMultiplier, float64(attempt)), float64(r.MaxDelay))
		delay := time.Duration(math.Max(0, base+base*r.JitterFactor*(2*rand.Float64()-1)))
		attempt++
		select {
		case <-time.After(delay):
		case <-w.ctx.Done():
			return
		}
	}
}

// connectOnce runs one connection to its end; it reports whether the connection opened.
func (w *Worker) connectOnce() bool {
	dialer := websocket.Dialer{HandshakeTimeout: 10 * time.Second, EnableCompression: false}
	ctx, cancel := context.WithTimeout(w.ctx, 10*time.Second)
	ws, _, err := dialer.DialContext(ctx, w.url, w.opts.Header)
	cancel()
	if err != nil {
		w.log.Debug("connect failed", "err", err)
		return false
	}
	ws.SetReadLimit(-1)
	w.mu.Lock()
	w.ws = ws
	w.mu.Unlock()
	if err := w.onOpen(); err != nil {
		_ = ws.Close()
	} else {
		w.readLoop(ws)
	}
	w.mu.Lock()
	w.ws = nil
	select {
	case <-w.connected:
		w.connected = make(chan struct{})
	default:
	}
	w.mu.Unlock()
	_ = ws.Close()
	return true
}

// onOpen sends reattach (on a reconnect), the announcement and every registration, in that order.
func (w *Worker) onOpen() error {
	w.mu.Lock()
	var frames []Frame
	if w.workerID != "" && w.reattachToken != "" {
		token := w.reattachToken
		frames = append(frames, Reattach{PreviousWorkerID: w.workerID, ReattachToken: &token})
	}
	frames = append(frames, w.announcement())
	for _, e := range w.triggerTypes {
		frames = append(frames, e.frame)
	}
	for _, e := range w.functions {
		frames = append(frames, e.frame)
	}
	for _, f := range w.triggers {
		frames = append(frames, f)
	}
	w.mu.Unlock()
	for _, f := range frames {
		if err := w.send(f); err != nil {
			return err
		}
	}
	w.mu.Lock()
	close(w.connected)
	w.mu.Unlock()
	return nil
}

func (w *Worker) announcement() InvokeFunction {
	telemetry := map[string]any{"language": "go", "framework": "iii-client"}
	for k, v := range w.opts.Telemetry {
		telemetry[k] = v
	}
	data := map[string]any{
		"runtime":   "go",
		"version":   Version,
		"name":      w.opts.WorkerName,
		"os":        runtime.GOOS + " " + runtime.GOARCH,
		"pid":       os.Getpid(),
		"telemetry": telemetry,
	}
	if w.opts.WorkerDescription != "" {
		data["description"] = w.opts.WorkerDescription
	}
	if w.opts.Namespace != "" {
		data["namespace"] = w.opts.Namespace
	}
	raw, _ := json.Marshal(data)
	return InvokeFunction{
		FunctionID: "engine::workers::register",
		Data:       raw,
		Action:     &TriggerAction{Type: TriggerActionVoid},
	}
}

func (w *Worker) readLoop(ws *websocket.Conn) {
	for {
		kind, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		if kind != websocket.TextMessage {
			continue
		}
		frame, err := DecodeFrame(data)
		if err != nil {
			w.log.Warn("malformed frame dropped", "err", err)
			continue
		}
		if frame != nil {
			w.dispatch(frame)
		}
	}
}
