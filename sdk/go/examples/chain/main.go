// Command chain is one hop of the cross-language chain: it serves FUNCTION by calling NEXT
// with its own hop added. Usage: chain URL FUNCTION NEXT. Prints "ready" once connected and
// exits when stdin closes.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	iii "github.com/iii-hq/iii/sdk/go"
)

func main() {
	url, functionID, next := os.Args[1], os.Args[2], os.Args[3]
	w, err := iii.Connect(context.Background(), url, iii.Options{WorkerName: "chain-go-" + functionID})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer w.Close()
	_, err = w.RegisterFunction(functionID, func(ctx context.Context, raw json.RawMessage) (any, error) {
		var in struct {
			Path []any `json:"path"`
		}
		if err := json.Unmarshal(raw, &in); err != nil {
			return nil, err
		}
		hop := map[string]any{"lang": "go", "trace_id": iii.TraceID(iii.Traceparent(ctx))}
		var out any
		err := w.Call(ctx, next, map[string]any{"path": append(in.Path, hop)}, &out)
		return out, err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
}
