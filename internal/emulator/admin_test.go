// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent/types"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

func TestAdmin_offByDefault(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	calls := []struct {
		method, path string
		body         any
	}{
		{"GET", "/_emulator/stats", nil},
		{"GET", "/_emulator/private-connections", nil},
		{"POST", "/_emulator/faults", map[string]any{
			"operation": "ListPrivateConnections", "error": "ThrottlingException", "count": 1,
		}},
		{"POST", "/_emulator/reset", nil},
	}
	for _, c := range calls {
		resp := adminCall(t, h, c.method, c.path, c.body)
		errType := resp.header.Get("X-Amzn-ErrorType")
		if resp.status != 404 || errType != "UnknownOperationException" {
			t.Errorf("%s %s = %d %s", c.method, c.path, resp.status, resp.body)
		}
	}
	_, err := h.client().ListPrivateConnections(context.Background(),
		&devopsagent.ListPrivateConnectionsInput{})
	if err != nil {
		t.Errorf("a refused admin call injected a fault: %v", err)
	}
}

func TestAdmin(t *testing.T) {
	h := newHarness(t, emulator.Options{Admin: true, DeleteDelay: time.Second})
	c := h.client()
	ctx := context.Background()
	mode := serviceManaged()
	mode.Value.PortRanges = []string{"443"}
	_, err := c.CreatePrivateConnection(ctx, &devopsagent.CreatePrivateConnectionInput{
		Name: aws.String("managed"), Mode: mode, Tags: map[string]string{"a": "1"},
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("stats", func(t *testing.T) {
		resp := adminCall(t, h, "GET", "/_emulator/stats", nil)
		var s emulator.Stats
		if err := json.Unmarshal(resp.body, &s); err != nil || resp.status != 200 {
			t.Fatalf("%d %s %v", resp.status, resp.body, err)
		}
		if s.Requests[emulator.OpCreatePrivateConnection] != 1 || s.TotalRequests != 1 ||
			s.Connections != 1 {
			t.Errorf("stats = %+v", s)
		}
	})

	t.Run("list full records", func(t *testing.T) {
		resp := adminCall(t, h, "GET", "/_emulator/private-connections", nil)
		var conns []emulator.Connection
		if err := json.Unmarshal(resp.body, &conns); err != nil {
			t.Fatal(err)
		}
		if len(conns) != 1 || conns[0].Name != "managed" || len(conns[0].SubnetIDs) != 2 ||
			conns[0].PortRanges[0] != "443" || conns[0].Tags["a"] != "1" {
			t.Errorf("records = %+v", conns)
		}
	})

	t.Run("patch status and tags", func(t *testing.T) {
		resp := adminCall(t, h, "PATCH", "/_emulator/private-connections/managed",
			map[string]any{"status": "DELETE_FAILED", "tags": map[string]string{"b": "2"}})
		if resp.status != 200 {
			t.Fatalf("%d %s", resp.status, resp.body)
		}
		if got := statusOf(t, c, "managed"); got != types.PrivateConnectionStatusDeleteFailed {
			t.Errorf("status = %s", got)
		}
		out, err := c.ListTagsForResource(ctx, &devopsagent.ListTagsForResourceInput{
			ResourceArn: aws.String(connectionARN("managed")),
		})
		if err != nil || !maps.Equal(out.Tags, map[string]string{"b": "2"}) {
			t.Errorf("tags = %v, %v", out, err)
		}
		adminCall(t, h, "PATCH", "/_emulator/private-connections/managed",
			map[string]any{"status": "ACTIVE"})
		if got := statusOf(t, c, "managed"); got != types.PrivateConnectionStatusActive {
			t.Errorf("status = %s", got)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		tests := []struct {
			method, path string
			body         any
			status       int
		}{
			{"PATCH", "/_emulator/private-connections/managed", map[string]any{}, 400},
			{"PATCH", "/_emulator/private-connections/managed",
				map[string]any{"status": "SLEEPING"}, 400},
			{"PATCH", "/_emulator/private-connections/managed",
				map[string]any{"stauts": "ACTIVE"}, 400},
			{"PATCH", "/_emulator/private-connections/ghost",
				map[string]any{"status": "ACTIVE"}, 404},
			{"DELETE", "/_emulator/private-connections/ghost", nil, 404},
			{"PUT", "/_emulator/private-connections/managed", nil, 405},
			{"POST", "/_emulator/faults", map[string]any{
				"operation": "Nope", "error": "ThrottlingException"}, 400},
			{"POST", "/_emulator/faults", map[string]any{
				"operation": "ListPrivateConnections", "error": "Teapot"}, 400},
			{"POST", "/_emulator/faults", map[string]any{
				"operation": "ListPrivateConnections", "malformed": "xml"}, 400},
			{"POST", "/_emulator/faults", map[string]any{
				"operation": "ListPrivateConnections", "error": "ThrottlingException",
				"malformed": "html"}, 400},
			{"POST", "/_emulator/faults", map[string]any{
				"operation": "ListPrivateConnections"}, 400},
			{"POST", "/_emulator/faults", map[string]any{
				"operation": "ListPrivateConnections", "error": "ThrottlingException",
				"count": 0}, 400},
			{"POST", "/_emulator/fault-rates", map[string]any{"throttle": 1.5}, 400},
			{"POST", "/_emulator/fault-rates", map[string]any{
				"throttle": 0.6, "internalError": 0.6}, 400},
			{"POST", "/_emulator/fail-next", map[string]any{
				"name": "managed", "status": "ACTIVE"}, 400},
			{"POST", "/_emulator/fail-next", map[string]any{
				"name": "Bad Name", "status": "CREATE_FAILED"}, 400},
			{"GET", "/_emulator/faults", nil, 405},
			{"GET", "/_emulator/nothing", nil, 404},
		}
		for _, tt := range tests {
			resp := adminCall(t, h, tt.method, tt.path, tt.body)
			if resp.status != tt.status {
				t.Errorf("%s %s %v = %d %s, want %d", tt.method, tt.path, tt.body,
					resp.status, resp.body, tt.status)
				continue
			}
			if msg, _ := resp.json(t)["message"].(string); msg == "" {
				t.Errorf("%s %s: no message in %s", tt.method, tt.path, resp.body)
			}
		}
		raw, err := http.NewRequest("POST", h.srv.URL+"/_emulator/faults",
			strings.NewReader("{not json"))
		if err != nil {
			t.Fatal(err)
		}
		if resp := send(t, raw); resp.status != 400 {
			t.Errorf("bad JSON = %d", resp.status)
		}
	})

	t.Run("faults", func(t *testing.T) {
		resp := adminCall(t, h, "POST", "/_emulator/faults", map[string]any{
			"operation": "DescribePrivateConnection", "error": "AccessDeniedException", "count": 1,
		})
		if resp.status != 200 {
			t.Fatalf("%d %s", resp.status, resp.body)
		}
		if _, err := describe(t, c, "managed"); !isType[*types.AccessDeniedException](err) {
			t.Errorf("got %v", err)
		}
		adminCall(t, h, "POST", "/_emulator/faults", map[string]any{
			"operation": "DescribePrivateConnection", "malformed": "truncated-json",
		})
		if _, err := describe(t, c, "managed"); err == nil {
			t.Error("malformed answer read without error")
		}
		if _, err := describe(t, c, "managed"); err != nil {
			t.Errorf("fault outlived its default count of 1: %v", err)
		}
	})

	t.Run("fault rates", func(t *testing.T) {
		adminCall(t, h, "POST", "/_emulator/fault-rates", map[string]any{"throttle": 1})
		if _, err := describe(t, c, "managed"); !isType[*types.ThrottlingException](err) {
			t.Errorf("got %v", err)
		}
		adminCall(t, h, "POST", "/_emulator/fault-rates", map[string]any{})
		if _, err := describe(t, c, "managed"); err != nil {
			t.Errorf("rates not cleared: %v", err)
		}
	})

	t.Run("fail next delete", func(t *testing.T) {
		resp := adminCall(t, h, "POST", "/_emulator/fail-next",
			map[string]any{"name": "managed", "status": "DELETE_FAILED"})
		if resp.status != 200 {
			t.Fatalf("%d %s", resp.status, resp.body)
		}
		_, err := c.DeletePrivateConnection(ctx,
			&devopsagent.DeletePrivateConnectionInput{Name: aws.String("managed")})
		if err != nil {
			t.Fatal(err)
		}
		h.clock.Step(time.Second)
		if got := statusOf(t, c, "managed"); got != types.PrivateConnectionStatusDeleteFailed {
			t.Errorf("status = %s", got)
		}
	})

	t.Run("remove out of band", func(t *testing.T) {
		resp := adminCall(t, h, "DELETE", "/_emulator/private-connections/managed", nil)
		if resp.status != 200 {
			t.Fatalf("%d %s", resp.status, resp.body)
		}
		_, err := describe(t, c, "managed")
		requireNotFound(t, err)
	})

	t.Run("reset", func(t *testing.T) {
		create(t, c, "again", serviceManaged())
		h.emu.InjectError(emulator.OpListPrivateConnections, "ThrottlingException", 5)
		resp := adminCall(t, h, "POST", "/_emulator/reset", nil)
		if resp.status != 200 {
			t.Fatalf("%d %s", resp.status, resp.body)
		}
		if s := h.emu.Stats(); s.TotalRequests != 0 || s.Connections != 0 ||
			len(s.FaultsInjected) != 0 {
			t.Errorf("stats after reset = %+v", s)
		}
		if _, err := c.ListPrivateConnections(ctx,
			&devopsagent.ListPrivateConnectionsInput{}); err != nil {
			t.Errorf("faults survived the reset: %v", err)
		}
	})
}

func TestInProcessAdmin(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	create(t, c, "bravo", serviceManaged())
	create(t, c, "alpha", selfManaged("rcfg-0123456789abcdefg"))

	if conns := h.emu.Connections(); len(conns) != 2 || conns[0].Name != "alpha" {
		t.Errorf("connections = %+v", conns)
	}
	if err := h.emu.SetStatus("alpha", "SLEEPING"); err == nil {
		t.Error("unknown status accepted")
	}
	if err := h.emu.SetStatus("ghost", emulator.StatusActive); err == nil {
		t.Error("unknown connection accepted")
	}
	if err := h.emu.SetTags("ghost", nil); err == nil {
		t.Error("unknown connection accepted")
	}
	if err := h.emu.SetStatus("alpha", emulator.StatusCreateFailed); err != nil {
		t.Fatal(err)
	}
	if got := statusOf(t, c, "alpha"); got != types.PrivateConnectionStatusCreateFailed {
		t.Errorf("status = %s", got)
	}

	// The returned record is a copy.
	conn, _ := h.emu.Connection("bravo")
	conn.Tags["mutated"] = "yes"
	conn.SubnetIDs[0] = "mutated"
	if again, _ := h.emu.Connection("bravo"); again.Tags["mutated"] != "" ||
		again.SubnetIDs[0] == "mutated" {
		t.Error("Connection returned shared state")
	}

	if !h.emu.RemoveConnection("bravo") || h.emu.RemoveConnection("bravo") {
		t.Error("RemoveConnection reported wrongly")
	}
}
