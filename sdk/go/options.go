package iii

import (
	"fmt"
	"net/http"
	"os"
	"time"
)

// ReconnectOptions is the exponential backoff between reconnect attempts.
type ReconnectOptions struct {
	InitialDelay      time.Duration // default 1s
	MaxDelay          time.Duration // default 30s
	BackoffMultiplier float64       // default 2
	JitterFactor      float64       // default 0.3
	MaxRetries        int           // default -1: forever; 0 means no retry after a failure
}

// Options configures a worker connection. Zero values take the defaults.
type Options struct {
	// WorkerName is shown in engine::workers::list; env III_WORKER_NAME wins, then hostname:pid.
	WorkerName        string
	WorkerDescription string
	// Namespace the worker registers into; empty is "default".
	Namespace string
	// Telemetry adds fields to the announcement's telemetry object.
	Telemetry map[string]any
	// InvocationTimeout bounds a call without a context deadline; default 30s.
	InvocationTimeout time.Duration
	Reconnect         ReconnectOptions
	// Header is sent with the WebSocket upgrade (seen by an auth function).
	Header http.Header
}

func (o Options) withDefaults() Options {
	if o.InvocationTimeout <= 0 {
		o.InvocationTimeout = 30 * time.Second
	}
	r := &o.Reconnect
	if r.InitialDelay <= 0 {
		r.InitialDelay = time.Second
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = 30 * time.Second
	}
	if r.BackoffMultiplier <= 0 {
		r.BackoffMultiplier = 2
	}
	if r.JitterFactor < 0 {
		r.JitterFactor = 0
	} else if r.JitterFactor == 0 {
		r.JitterFactor = 0.3
	}
	if r.MaxRetries == 0 {
		r.MaxRetries = -1
	} else if r.MaxRetries < -1 {
		r.MaxRetries = 0
	}
	if env := os.Getenv("III_WORKER_NAME"); env != "" {
		o.WorkerName = env
	}
	if o.WorkerName == "" {
		host, _ := os.Hostname()
		o.WorkerName = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	return o
}

// NoRetry as Reconnect.MaxRetries stops after the first failed connection.
const NoRetry = -2
