// Command readme is the README example (kept compiling by go vet).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"

	iii "github.com/iii-hq/iii/sdk/go"
)

func main() {
	ctx := context.Background()
	w, err := iii.Connect(ctx, "ws://127.0.0.1:49134", iii.Options{WorkerName: "orders-go"})
	if err != nil {
		log.Fatal(err)
	}
	defer w.Close()
	w.RegisterFunction("orders::validate", func(ctx context.Context, data json.RawMessage) (any, error) {
		return map[string]bool{"ok": true}, nil
	})
	var out struct {
		OK bool `json:"ok"`
	}
	err = w.Call(ctx, "orders::validate", map[string]int{"total": 5}, &out)
	var e *iii.Error
	if errors.As(err, &e) && e.Code == iii.CodeFunctionNotFound {
		log.Print("not registered yet")
	}
}
