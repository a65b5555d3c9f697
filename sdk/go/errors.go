package iii

import "fmt"

// Error is an error from the engine, a handler or this client. Code is a registry code
// (the Code* constants) or a handler's own code.
type Error struct {
	Code       string
	Message    string
	Stacktrace string
	FunctionID string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Info returns the registry entry of the code, if it is registered.
func (e *Error) Info() (ErrorCodeInfo, bool) {
	info, ok := ErrorCodes[e.Code]
	return info, ok
}

// Retryable reports whether the same call may succeed when repeated unchanged.
func (e *Error) Retryable() bool {
	info, ok := e.Info()
	return ok && info.Retryable
}

func newError(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
