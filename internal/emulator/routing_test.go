// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent/types"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

func TestRouting(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	arnPath := "/tags/" + escapeLabel(connectionARN("some-name"))
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/v2/private-connections", 404, ""},
		{"GET", "/v1/private-connections/", 404, ""},
		{"GET", "/v1/private-connections/abc/extra", 404, ""},
		{"GET", "/tags/" + connectionARN("some-name"), 404, ""}, // "/" not escaped
		{"PUT", "/v1/private-connections", 405, "GET, POST"},
		{"PATCH", "/v1/private-connections/abc", 405, "GET, DELETE"},
		{"GET", "/v1/private-connections/abc/certificate", 405, "POST"},
		{"PUT", arnPath, 405, "GET, POST, DELETE"},
		{"GET", "/", 405, "POST"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rr := rawRequest{method: tt.method, path: tt.path}
			if tt.path == "/" {
				rr.service = "sts"
			}
			resp := h.do(t, rr)
			if resp.status != tt.status ||
				resp.header.Get("X-Amzn-ErrorType") != "UnknownOperationException" ||
				resp.header.Get("Allow") != tt.allow {
				t.Errorf("got %d %q allow %q", resp.status,
					resp.header.Get("X-Amzn-ErrorType"), resp.header.Get("Allow"))
			}
			if msg, _ := resp.json(t)["message"].(string); msg == "" {
				t.Error("no message")
			}
		})
	}
	if got := h.emu.Stats().Requests["UnknownOperation"]; got != len(tests) {
		t.Errorf("unknown operations counted = %d, want %d", got, len(tests))
	}

	// Unknown paths still need a signature.
	resp := h.do(t, rawRequest{method: "GET", path: "/nowhere", unsigned: true})
	if resp.status != 403 {
		t.Errorf("unsigned unknown path = %d", resp.status)
	}
}

func TestResponseHeaders(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	resp := h.do(t, rawRequest{method: "GET", path: "/v1/private-connections"})
	if resp.header.Get("X-Amzn-RequestId") == "" ||
		resp.header.Get("Content-Type") != "application/json" {
		t.Errorf("headers = %v", resp.header)
	}
	resp = h.do(t, rawRequest{method: "GET", path: "/v1/private-connections/missing"})
	if resp.status != 404 || resp.header.Get("X-Amzn-ErrorType") != "ResourceNotFoundException" {
		t.Errorf("not found = %d %v", resp.status, resp.header)
	}
	if msg, _ := resp.json(t)["message"].(string); !strings.Contains(msg, "missing") {
		t.Errorf("message = %q", msg)
	}
}

func TestContentSizeExceeded(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	create(t, c, "big", serviceManaged())

	tags := map[string]string{}
	for i := range 5000 {
		tags[strings.Repeat("k", 100)+string(rune('a'+i%26))+strings.Repeat("x", i%50)+
			string(rune(0x4e00+i))] = strings.Repeat("v", 200)
	}
	_, err := c.TagResource(context.Background(), &devopsagent.TagResourceInput{
		ResourceArn: aws.String(connectionARN("big")), Tags: tags,
	})
	if !isType[*types.ContentSizeExceededException](err) || httpStatus(err) != 413 {
		t.Fatalf("got %d %v", httpStatus(err), err)
	}
	if stored, _ := h.emu.Connection("big"); len(stored.Tags) != 0 {
		t.Error("an oversized call tagged the connection")
	}
}
