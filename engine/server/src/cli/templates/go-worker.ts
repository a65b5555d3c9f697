/** The example worker of a Go project (the client of sdk/go). */
export function goWorkerSource(name: string): string {
  return `// Command ${name} is a worker: an HTTP route, a queue consumer and a cron job.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	iii "github.com/iii-hq/iii/sdk/go"
)

func env(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func main() {
	// \`iii worker add\` hands the engine's URL to the process; under \`iii dev\` the port comes
	// from III_PORT, as in config.yaml.
	url := env("III_URL", "ws://127.0.0.1:"+env("III_PORT", "49134"))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	w, err := iii.Connect(ctx, url, iii.Options{WorkerName: env("III_WORKER_NAME", "${name}")})
	if err != nil {
		log.Fatal(err)
	}
	defer w.Close()

	// An HTTP route: GET /${name}?name=you
	must(w.RegisterFunction("${name}::greet", func(ctx context.Context, data json.RawMessage) (any, error) {
		var req struct {
			QueryParams map[string]any \`json:"query_params"\`
		}
		_ = json.Unmarshal(data, &req)
		who := "world"
		switch v := req.QueryParams["name"].(type) {
		case string:
			who = v
		case []any:
			if len(v) > 0 {
				who = fmt.Sprint(v[0])
			}
		}
		topic := map[string]any{"topic": "${name}-greetings", "data": map[string]string{"name": who}}
		if err := w.Call(ctx, "iii::durable::publish", topic, nil); err != nil {
			return nil, err
		}
		return map[string]any{"status_code": 200, "body": map[string]string{"message": "Hello, " + who + "!"}}, nil
	}))
	must(w.RegisterTrigger("http", "${name}::greet", map[string]string{"api_path": "/${name}", "http_method": "GET"}))

	// A queue consumer: every greeting is published to a durable topic and handled here.
	must(w.RegisterFunction("${name}::on-greeting", func(ctx context.Context, data json.RawMessage) (any, error) {
		var job struct {
			Name string \`json:"name"\`
		}
		_ = json.Unmarshal(data, &job)
		fmt.Println("greeted " + job.Name)
		return nil, nil
	}))
	must(w.RegisterTrigger("durable:subscriber", "${name}::on-greeting", map[string]string{"topic": "${name}-greetings"}))

	// A cron job: every minute.
	must(w.RegisterFunction("${name}::tick", func(ctx context.Context, data json.RawMessage) (any, error) {
		fmt.Println("tick")
		return nil, nil
	}))
	must(w.RegisterTrigger("cron", "${name}::tick", map[string]string{"expression": "0 * * * * *"}))

	<-ctx.Done()
}

func must[T any](_ T, err error) {
	if err != nil {
		log.Fatal(err)
	}
}
`
}

/**
 * go.mod: the client module replaced by its directory. The client's own requirements are copied
 * as indirect ones so \`go run .\` needs no \`go mod tidy\` first.
 */
export function goMod(name: string, clientDir: string, clientRequires: string[]): string {
  const requires = [
    '\tgithub.com/iii-hq/iii/sdk/go v0.0.0',
    ...clientRequires.map((r) => `\t${r} // indirect`),
  ]
  return `module ${name}

go 1.22

require (
${requires.join('\n')}
)

replace github.com/iii-hq/iii/sdk/go => ${clientDir}
`
}
