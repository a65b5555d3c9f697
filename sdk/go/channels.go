package iii

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strings"

	"github.com/gorilla/websocket"
)

// chunkBytes bounds one binary frame of a channel write, like the Node SDK.
const chunkBytes = 64 * 1024

// CreateChannel creates a channel (engine::channels::create) and returns its two refs, ready
// to be put in a payload. Open an end with OpenWriter / OpenReader.
func (w *Worker) CreateChannel(ctx context.Context) (writer, reader StreamChannelRef, err error) {
	var refs struct {
		Writer StreamChannelRef `json:"writer"`
		Reader StreamChannelRef `json:"reader"`
	}
	err = w.Call(ctx, "engine::channels::create", map[string]any{}, &refs)
	return refs.Writer, refs.Reader, err
}

// ParseChannelRef reads a channel ref from a payload value; INVALID_ARGUMENTS when it is not one.
func ParseChannelRef(raw json.RawMessage) (StreamChannelRef, error) {
	var ref StreamChannelRef
	if err := json.Unmarshal(raw, &ref); err != nil || ref.ChannelID == "" || ref.AccessKey == "" ||
		(ref.Direction != StreamChannelRefDirectionRead && ref.Direction != StreamChannelRefDirectionWrite) {
		return ref, newError(CodeInvalidArguments, "not a channel ref: %s", string(raw))
	}
	return ref, nil
}

func (w *Worker) openChannel(ctx context.Context, ref StreamChannelRef, want StreamChannelRefDirection) (*websocket.Conn, error) {
	if ref.Direction != want || ref.ChannelID == "" || ref.AccessKey == "" {
		return nil, newError(CodeInvalidArguments, "a channel ref with direction %q is needed", want)
	}
	base, err := url.Parse(w.url)
	if err != nil {
		return nil, newError(CodeInvalidArguments, "engine url: %v", err)
	}
	u := url.URL{
		Scheme:   base.Scheme,
		Host:     base.Host,
		Path:     "/ws/channels/" + url.PathEscape(ref.ChannelID),
		RawQuery: url.Values{"key": {ref.AccessKey}, "dir": {string(ref.Direction)}}.Encode(),
	}
	ws, resp, err := websocket.DefaultDialer.DialContext(ctx, u.String(), nil)
	if err != nil {
		if resp != nil && resp.StatusCode == 404 {
			return nil, newError(CodeNotFound, "channel %s refused", ref.ChannelID)
		}
		return nil, newError(CodeUnavailable, "channel %s: %v", ref.ChannelID, err)
	}
	ws.SetReadLimit(-1)
	return ws, nil
}

// ChannelWriter is the writing end of a channel.
type ChannelWriter struct{ ws *websocket.Conn }

// OpenWriter opens the writing end from its ref.
func (w *Worker) OpenWriter(ctx context.Context, ref StreamChannelRef) (*ChannelWriter, error) {
	ws, err := w.openChannel(ctx, ref, StreamChannelRefDirectionWrite)
	if err != nil {
		return nil, err
	}
	return &ChannelWriter{ws: ws}, nil
}

// Write sends bytes as binary frames of at most 64 KiB.
func (c *ChannelWriter) Write(p []byte) (int, error) {
	for start := 0; start < len(p); start += chunkBytes {
		end := min(start+chunkBytes, len(p))
		if err := c.ws.WriteMessage(websocket.BinaryMessage, p[start:end]); err != nil {
			return start, &Error{Code: CodeChannelSendFailed, Message: err.Error()}
		}
	}
	return len(p), nil
}

// WriteText sends one text frame.
func (c *ChannelWriter) WriteText(s string) error {
	if err := c.ws.WriteMessage(websocket.TextMessage, []byte(s)); err != nil {
		return &Error{Code: CodeChannelSendFailed, Message: err.Error()}
	}
	return nil
}

// Close ends the stream; the reader gets the rest, then EOF.
func (c *ChannelWriter) Close() error {
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), deadline())
	return c.ws.Close()
}

// ChannelReader is the reading end of a channel; it is an io.Reader of every frame's bytes.
type ChannelReader struct {
	ws   *websocket.Conn
	rest []byte
}

// OpenReader opens the reading end from its ref.
func (w *Worker) OpenReader(ctx context.Context, ref StreamChannelRef) (*ChannelReader, error) {
	ws, err := w.openChannel(ctx, ref, StreamChannelRefDirectionRead)
	if err != nil {
		return nil, err
	}
	return &ChannelReader{ws: ws}, nil
}

// Read reads frame bytes in order; io.EOF once the writer closed.
func (c *ChannelReader) Read(p []byte) (int, error) {
	for len(c.rest) == 0 {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			var closeErr *websocket.CloseError
			if errors.As(err, &closeErr) || strings.Contains(err.Error(), "EOF") {
				return 0, io.EOF
			}
			return 0, err
		}
		c.rest = data
	}
	n := copy(p, c.rest)
	c.rest = c.rest[n:]
	return n, nil
}

// Close releases the reading end.
func (c *ChannelReader) Close() error { return c.ws.Close() }
