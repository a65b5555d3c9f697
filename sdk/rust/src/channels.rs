//! Channels (PROTOCOL.md section 8): one-way streams of text and binary frames, created with
//! `engine::channels::create` and opened on the worker listener's `/ws/channels/{id}` path.

use crate::error::Error;
use crate::error_codes as codes;
use crate::protocol::{StreamChannelRef, StreamChannelRefDirection};
use crate::worker::Worker;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Binary writes are cut into frames of at most this size, like the Node SDK.
const CHUNK_BYTES: usize = 64 * 1024;

/// Reads a channel ref from a payload value; `INVALID_ARGUMENTS` when it is not one.
pub fn parse_channel_ref(value: &Value) -> Result<StreamChannelRef, Error> {
    let invalid = || Error::new(codes::INVALID_ARGUMENTS, format!("not a channel ref: {value}"));
    let parsed: StreamChannelRef = serde_json::from_value(value.clone()).map_err(|_| invalid())?;
    if parsed.channel_id.is_empty() || parsed.access_key.is_empty() {
        return Err(invalid());
    }
    Ok(parsed)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn open(engine_url: &str, r: &StreamChannelRef, want: StreamChannelRefDirection) -> Result<Socket, Error> {
    if r.direction != want {
        return Err(Error::new(codes::INVALID_ARGUMENTS, format!("a channel ref with direction {want:?} is needed")));
    }
    let base = engine_url.trim_end_matches('/');
    let dir = if want == StreamChannelRefDirection::Read { "read" } else { "write" };
    let url = format!("{base}/ws/channels/{}?key={}&dir={dir}", encode(&r.channel_id), encode(&r.access_key));
    match tokio_tungstenite::connect_async(url).await {
        Ok((ws, _)) => Ok(ws),
        Err(tungstenite::Error::Http(resp)) if resp.status() == 404 => {
            Err(Error::new(codes::NOT_FOUND, format!("channel {} refused", r.channel_id)))
        }
        Err(e) => Err(Error::new(codes::UNAVAILABLE, format!("channel {}: {e}", r.channel_id))),
    }
}

/// The writing end of a channel.
pub struct ChannelWriter {
    ws: Socket,
}

impl ChannelWriter {
    /// Sends bytes as binary frames of at most 64 KiB.
    pub async fn write(&mut self, data: &[u8]) -> Result<(), Error> {
        for chunk in data.chunks(CHUNK_BYTES) {
            self.send(Message::Binary(chunk.to_vec())).await?;
        }
        Ok(())
    }

    /// Sends one text frame.
    pub async fn write_text(&mut self, text: &str) -> Result<(), Error> {
        self.send(Message::Text(text.to_owned())).await
    }

    async fn send(&mut self, message: Message) -> Result<(), Error> {
        self.ws.send(message).await.map_err(|e| Error::new(codes::CHANNEL_SEND_FAILED, e.to_string()))
    }

    /// Ends the stream; the reader gets the rest, then the end.
    pub async fn close(mut self) -> Result<(), Error> {
        self.ws.close(None).await.map_err(|e| Error::new(codes::CHANNEL_SEND_FAILED, e.to_string()))
    }
}

/// The reading end of a channel.
pub struct ChannelReader {
    ws: Socket,
}

impl ChannelReader {
    /// The next frame's bytes (text as UTF-8); `None` once the writer closed.
    pub async fn next(&mut self) -> Option<Result<Vec<u8>, Error>> {
        loop {
            return match self.ws.next().await? {
                Ok(Message::Binary(b)) => Some(Ok(b)),
                Ok(Message::Text(t)) => Some(Ok(t.into_bytes())),
                Ok(Message::Close(_)) => None,
                Ok(_) => continue,
                Err(e) => Some(Err(Error::new(codes::UNAVAILABLE, e.to_string()))),
            };
        }
    }

    /// Every frame until the writer closes, joined.
    pub async fn read_all(mut self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        while let Some(frame) = self.next().await {
            out.extend(frame?);
        }
        Ok(out)
    }
}

impl Worker {
    /// Creates a channel (`engine::channels::create`); returns `(writer_ref, reader_ref)` as
    /// plain JSON, ready to be put in a payload.
    pub async fn create_channel(&self) -> Result<(Value, Value), Error> {
        let refs = self.call("engine::channels::create", json!({})).await?;
        Ok((refs["writer"].clone(), refs["reader"].clone()))
    }

    /// Opens the writing end of a channel from its ref.
    pub async fn open_writer(&self, channel_ref: &Value) -> Result<ChannelWriter, Error> {
        let r = parse_channel_ref(channel_ref)?;
        Ok(ChannelWriter { ws: open(self.url(), &r, StreamChannelRefDirection::Write).await? })
    }

    /// Opens the reading end of a channel from its ref.
    pub async fn open_reader(&self, channel_ref: &Value) -> Result<ChannelReader, Error> {
        let r = parse_channel_ref(channel_ref)?;
        Ok(ChannelReader { ws: open(self.url(), &r, StreamChannelRefDirection::Read).await? })
    }
}
