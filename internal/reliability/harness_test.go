// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package reliability

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/acctest"
	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

// server runs an emulator on a fixed loopback port that can be taken down
// and brought back, as a service that goes away for a while would be.
type server struct {
	t       *testing.T
	em      *emulator.Emulator
	handler http.Handler
	addr    string

	mu   sync.Mutex
	http *http.Server
}

// startEmulator starts an emulator with opts (admin on) for t, tracked for
// the summary, and stops it when t ends.
func startEmulator(t *testing.T, opts emulator.Options) *server {
	t.Helper()
	return startEmulatorBehind(t, opts, nil)
}

// startEmulatorBehind is startEmulator with the emulator behind wrap, a
// stand-in for whatever sits between the provider and the service.
func startEmulatorBehind(t *testing.T, opts emulator.Options, wrap func(http.Handler) http.Handler) *server {
	t.Helper()
	opts.Admin = true
	s := &server{t: t, em: emulator.New(opts)}
	s.handler = s.em
	if wrap != nil {
		s.handler = wrap(s.em)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening: %s", err)
	}
	s.addr = l.Addr().String()
	s.serve(l)
	track(t, s.em)
	t.Cleanup(s.stop)
	return s
}

// URL is the emulator's base URL.
func (s *server) URL() string { return "http://" + s.addr }

// ProviderConfig is a provider block pointing at the emulator.
func (s *server) ProviderConfig(maxRetries int) string {
	return acctest.EmulatorProviderConfig(s.URL(), maxRetries)
}

func (s *server) serve(l net.Listener) {
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 5 * time.Second}
	s.mu.Lock()
	s.http = srv
	s.mu.Unlock()
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.t.Errorf("emulator server: %s", err)
		}
	}()
}

// stop closes the listener and every open connection: new requests are
// refused until start is called.
func (s *server) stop() {
	s.mu.Lock()
	srv := s.http
	s.http = nil
	s.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// start listens on the same address again.
func (s *server) start() error {
	var l net.Listener
	var err error
	// The port was just released; retry briefly in case it lingers.
	for i := 0; i < 50; i++ {
		if l, err = net.Listen("tcp", s.addr); err == nil {
			s.serve(l)
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return err
}

// outage takes the server down after `after` for `length`, then brings it
// back, in the background. The returned channel closes once it is back.
func (s *server) outage(ctx context.Context, after, length time.Duration) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case <-ctx.Done():
			return
		case <-time.After(after):
		}
		s.stop()
		time.Sleep(length)
		if err := s.start(); err != nil {
			s.t.Errorf("restarting the emulator: %s", err)
		}
	}()
	return done
}
