/** The example worker of a Rust project (the iii-client crate of sdk/rust). */
export function rustWorkerSource(name: string): string {
  return `//! The ${name} worker: an HTTP route, a queue consumer and a cron job.
use iii_client::{Worker, WorkerOptions};
use serde_json::{json, Value};

fn env(key: &str, fallback: &str) -> String {
    std::env::var(key).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| fallback.to_owned())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> iii_client::Result<()> {
    // \`iii worker add\` hands the engine's URL to the process; under \`iii dev\` the port comes
    // from III_PORT, as in config.yaml.
    let url = env("III_URL", &format!("ws://127.0.0.1:{}", env("III_PORT", "49134")));
    let worker = Worker::connect(&url, WorkerOptions::named(env("III_WORKER_NAME", "${name}"))).await?;

    // An HTTP route: GET /${name}?name=you
    let caller = worker.clone();
    worker.register_function("${name}::greet", move |req: Value| {
        let caller = caller.clone();
        async move {
            let name = &req["query_params"]["name"];
            let who = name.as_str().or_else(|| name[0].as_str()).unwrap_or("world").to_owned();
            let message = json!({ "topic": "${name}-greetings", "data": { "name": who } });
            caller.call("iii::durable::publish", message).await?;
            Ok(json!({ "status_code": 200, "body": { "message": format!("Hello, {who}!") } }))
        }
    })?;
    worker.register_trigger("http", "${name}::greet", json!({ "api_path": "/${name}", "http_method": "GET" }))?;

    // A queue consumer: every greeting is published to a durable topic and handled here.
    worker.register_function("${name}::on-greeting", |job: Value| async move {
        println!("greeted {}", job["name"].as_str().unwrap_or("?"));
        Ok(Value::Null)
    })?;
    worker.register_trigger("durable:subscriber", "${name}::on-greeting", json!({ "topic": "${name}-greetings" }))?;

    // A cron job: every minute.
    worker.register_function("${name}::tick", |_: Value| async move {
        println!("tick");
        Ok(Value::Null)
    })?;
    worker.register_trigger("cron", "${name}::tick", json!({ "expression": "0 * * * * *" }))?;

    std::future::pending::<()>().await;
    Ok(())
}
`
}

/**
 * Cargo.toml: the client crate by path. The dev profile is the client's own, so a shared
 * CARGO_TARGET_DIR reuses the client's compiled dependencies.
 */
export function cargoToml(name: string, clientDir: string): string {
  return `[package]
name = "${name}"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
iii-client = { path = ${JSON.stringify(clientDir)} }
serde_json = "1"
tokio = { version = "1", default-features = false, features = ["rt", "macros"] }

[profile.dev]
debug = 0
incremental = false

[profile.dev.package."*"]
opt-level = 1
`
}
