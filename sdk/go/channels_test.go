package iii

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"testing"
)

// A body streamed from one Go worker to another's handler arrives whole and in order.
func TestChannelStreamsABodyToAHandler(t *testing.T) {
	s := &session{t: t, url: sharedEngine.URL}
	defer s.close()
	b := s.connect("", "")
	must(t)(b.RegisterFunction("go::digest", func(ctx context.Context, raw json.RawMessage) (any, error) {
		var in struct {
			Body json.RawMessage `json:"body"`
		}
		if err := json.Unmarshal(raw, &in); err != nil {
			return nil, err
		}
		ref, err := ParseChannelRef(in.Body)
		if err != nil {
			return nil, err
		}
		r, err := b.OpenReader(ctx, ref)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		body, err := io.ReadAll(r)
		sum := sha256.Sum256(body)
		return map[string]any{"bytes": len(body), "sha256": hex.EncodeToString(sum[:])}, err
	}))
	a := s.connect("", "")
	registered(t, a, "go::digest")
	writerRef, readerRef, err := a.CreateChannel(ctx)
	must0(t, err)
	big := bytes.Repeat([]byte{0, 1, 2, 3, 4, 5, 6, 7}, 32*1024) // 256 KiB: four frames
	type digest struct {
		Bytes  int    `json:"bytes"`
		Sha256 string `json:"sha256"`
	}
	got := make(chan digest, 1)
	errs := make(chan error, 1)
	go func() {
		var out digest
		errs <- a.Call(ctx, "go::digest", map[string]any{"body": readerRef}, &out)
		got <- out
	}()
	w, err := a.OpenWriter(ctx, writerRef)
	must0(t, err)
	must0(t, w.WriteText("head:"))
	if _, err := w.Write(big); err != nil {
		t.Fatal(err)
	}
	must0(t, w.Close())
	must0(t, waitValue(t, errs, "digest call"))
	want := append([]byte("head:"), big...)
	sum := sha256.Sum256(want)
	if out := <-got; out.Bytes != len(want) || out.Sha256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("got %+v, want %d bytes", out, len(want))
	}
}

func TestBadChannelRefsAreRefused(t *testing.T) {
	s := &session{t: t, url: sharedEngine.URL}
	defer s.close()
	a := s.connect("", "")
	if _, err := ParseChannelRef(json.RawMessage(`{"channel_id":"x"}`)); asError(t, err).Code != CodeInvalidArguments {
		t.Fatalf("not a ref: %v", err)
	}
	writerRef, readerRef, err := a.CreateChannel(ctx)
	must0(t, err)
	if _, err := a.OpenReader(ctx, writerRef); asError(t, err).Code != CodeInvalidArguments {
		t.Fatalf("wrong end: %v", err)
	}
	bad := readerRef
	bad.AccessKey = "not-the-key"
	if _, err := a.OpenReader(ctx, bad); asError(t, err).Code != CodeNotFound {
		t.Fatalf("wrong key: %v", err)
	}
	w, err := a.OpenWriter(ctx, writerRef)
	must0(t, err)
	r, err := a.OpenReader(ctx, readerRef)
	must0(t, err)
	_, _ = w.Write([]byte("still works"))
	must0(t, w.Close())
	body, err := io.ReadAll(r)
	if err != nil || string(body) != "still works" {
		t.Fatalf("got %q %v", body, err)
	}
}
