package iii

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// engineHost drives tests/conformance/engine-host: a real engine from the repository's source.
type engineHost struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines *bufio.Scanner
	URL   string
}

var repoRoot, _ = filepath.Abs("../..")

func startEngineHost(restartable bool) (*engineHost, error) {
	args := []string{}
	if restartable {
		args = append(args, "--restartable")
	}
	cmd := exec.Command(filepath.Join(repoRoot, "tests/conformance/engine-host"), args...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	h := &engineHost{cmd: cmd, stdin: stdin, lines: bufio.NewScanner(stdout)}
	h.lines.Buffer(make([]byte, 1<<20), 1<<20)
	return h, h.ready()
}

func (h *engineHost) line() (map[string]any, error) {
	type res struct {
		m   map[string]any
		err error
	}
	ch := make(chan res, 1)
	go func() {
		for h.lines.Scan() {
			text := h.lines.Text()
			if strings.HasPrefix(text, "{") {
				var m map[string]any
				ch <- res{m, json.Unmarshal([]byte(text), &m)}
				return
			}
		}
		ch <- res{nil, fmt.Errorf("engine host exited: %v", h.lines.Err())}
	}()
	select {
	case r := <-ch:
		return r.m, r.err
	case <-time.After(120 * time.Second):
		return nil, fmt.Errorf("engine host said nothing for 120s")
	}
}

func (h *engineHost) ready() error {
	m, err := h.line()
	if err != nil {
		return err
	}
	if m["event"] != "ready" {
		return fmt.Errorf("engine host said %v", m)
	}
	h.URL, _ = m["url"].(string)
	return nil
}

func (h *engineHost) restart() error {
	if _, err := io.WriteString(h.stdin, "restart\n"); err != nil {
		return err
	}
	return h.ready()
}

// stop stops the engine and returns the unhandled errors it logged.
func (h *engineHost) stop() ([]any, error) {
	if _, err := io.WriteString(h.stdin, "stop\n"); err != nil {
		return nil, err
	}
	m, err := h.line()
	_ = h.cmd.Wait()
	if err != nil {
		return nil, err
	}
	unhandled, _ := m["unhandled"].([]any)
	return unhandled, nil
}
