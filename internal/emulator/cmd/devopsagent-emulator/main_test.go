// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRun_servesLogsAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{
			"-addr", "127.0.0.1:0", "-access-key", "AKIDCMD", "-secret-key", "cmd-secret",
			"-region", "eu-west-2", "-account-id", "111122223333", "-create-delay", "0s",
			"-admin",
		}, &stdout, &stderr)
	}()

	var base string
	deadline := time.Now().Add(5 * time.Second)
	for base == "" && time.Now().Before(deadline) {
		if line, ok := strings.CutSuffix(stdout.String(), "\n"); ok {
			base = line
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*$`).MatchString(base) {
		t.Fatalf("first stdout line = %q", stdout.String())
	}

	get := func(path string, sign bool) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if sign {
			sum := sha256.Sum256(nil)
			creds := aws.Credentials{AccessKeyID: "AKIDCMD", SecretAccessKey: "cmd-secret"}
			err := v4.NewSigner().SignHTTP(context.Background(), creds, req,
				hex.EncodeToString(sum[:]), "aidevops", "eu-west-2", time.Now())
			if err != nil {
				t.Fatal(err)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if err := resp.Body.Close(); err != nil {
			t.Error(err)
		}
		return resp.StatusCode
	}
	if got := get("/v1/private-connections", true); got != 200 {
		t.Errorf("signed list = %d", got)
	}
	if got := get("/v1/private-connections", false); got != 403 {
		t.Errorf("unsigned list = %d", got)
	}
	if got := get("/_emulator/stats", false); got != 200 {
		t.Errorf("admin stats = %d", got)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}

	if got := stdout.String(); got != base+"\n" {
		t.Errorf("stdout = %q, want only the base URL", got)
	}
	logs := stderr.String()
	for _, want := range []string{
		"GET /v1/private-connections ListPrivateConnections 200",
		"GET /v1/private-connections ListPrivateConnections 403",
		"GET /_emulator/stats Admin 200",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "cmd-secret") || strings.Contains(logs, "Signature") {
		t.Errorf("stderr leaks credentials:\n%s", logs)
	}
}

func TestRun_badArguments(t *testing.T) {
	for _, args := range [][]string{
		{"-create-delay", "soon"},
		{"-no-such-flag"},
		{"extra"},
		{"-addr", "256.0.0.1:99999"},
	} {
		var stdout, stderr syncBuffer
		if err := run(context.Background(), args, &stdout, &stderr); err == nil {
			t.Errorf("%v: no error", args)
		}
		if stdout.String() != "" {
			t.Errorf("%v: stdout = %q", args, stdout.String())
		}
	}
}
