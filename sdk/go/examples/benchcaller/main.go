// Command benchcaller is the caller side of `pnpm bench --only clients`: sequential latency,
// then calls at N in flight. Usage: benchcaller URL FUNCTION SEQ_CALLS PIPE_MS INFLIGHT.
// Prints one JSON line.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	iii "github.com/iii-hq/iii/sdk/go"
)

type echo struct {
	N int `json:"n"`
}

func main() {
	url, fn := os.Args[1], os.Args[2]
	seqCalls, _ := strconv.Atoi(os.Args[3])
	pipeMs, _ := strconv.Atoi(os.Args[4])
	inflight, _ := strconv.Atoi(os.Args[5])
	ctx := context.Background()
	w, err := iii.Connect(ctx, url, iii.Options{WorkerName: "bench-go"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer w.Close()
	for n := 0; n < 50; n++ {
		var out echo
		if err := w.Call(ctx, fn, echo{n}, &out); err != nil || out.N != n {
			fmt.Fprintln(os.Stderr, "wrong answer", out, err)
			os.Exit(1)
		}
	}
	samples := make([]float64, 0, seqCalls)
	for n := 0; n < seqCalls; n++ {
		start := time.Now()
		var out echo
		_ = w.Call(ctx, fn, echo{n}, &out)
		samples = append(samples, float64(time.Since(start).Microseconds()))
	}
	sort.Float64s(samples)
	var done atomic.Int64
	deadline := time.Now().Add(time.Duration(pipeMs) * time.Millisecond)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < inflight; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				var out echo
				_ = w.Call(ctx, fn, echo{int(done.Load())}, &out)
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	line, _ := json.Marshal(map[string]float64{
		"seq_p50_us":    samples[len(samples)/2],
		"calls_per_sec": float64(done.Load()) / elapsed,
	})
	fmt.Println(string(line))
}
