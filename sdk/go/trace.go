package iii

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
)

type traceKey struct{}

// WithTraceparent returns a context whose calls continue the given W3C trace.
func WithTraceparent(ctx context.Context, traceparent string) context.Context {
	return context.WithValue(ctx, traceKey{}, traceparent)
}

// Traceparent returns the W3C traceparent a handler's context carries, if any.
func Traceparent(ctx context.Context) string {
	v, _ := ctx.Value(traceKey{}).(string)
	return v
}

// TraceID returns the trace id of a traceparent, or "" when it is malformed.
func TraceID(traceparent string) string {
	parts := strings.Split(traceparent, "-")
	if len(parts) != 4 || len(parts[1]) != 32 {
		return ""
	}
	return parts[1]
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// childTraceparent is the traceparent of a call: the handler's own (this client records no
// spans, so the engine's span of the running invocation stays the parent), else a new trace.
func childTraceparent(parent string) string {
	if TraceID(parent) != "" {
		return parent
	}
	return "00-" + randomHex(16) + "-" + randomHex(8) + "-01"
}

func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
