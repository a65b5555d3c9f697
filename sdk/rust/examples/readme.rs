//! The README example (kept compiling by cargo test).
use iii_client::{codes, Error, Worker, WorkerOptions};
use serde_json::{json, Value};

#[tokio::main(flavor = "current_thread")]
async fn main() -> iii_client::Result<()> {
    let worker = Worker::connect("ws://127.0.0.1:49134", WorkerOptions::named("orders-rs")).await?;
    worker.register_function("orders::validate", |order: Value| async move {
        Ok(json!({ "ok": order["total"].as_i64().unwrap_or(0) > 0 }))
    })?;
    println!("{}", worker.call("orders::validate", json!({ "total": 5 })).await?);
    let missing: Result<Value, Error> = worker.call("orders::missing", json!({})).await;
    assert_eq!(missing.unwrap_err().code, codes::FUNCTION_NOT_FOUND);
    worker.close().await;
    Ok(())
}
