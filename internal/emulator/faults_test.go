// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent"
	"github.com/aws/aws-sdk-go-v2/service/devopsagent/types"
	"github.com/aws/smithy-go"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

func isType[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

func TestInjectError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		typed  func(error) bool
	}{
		{"ValidationException", 400, isType[*types.ValidationException]},
		{"InvalidParameterException", 400, isType[*types.InvalidParameterException]},
		{"ServiceQuotaExceededException", 402, isType[*types.ServiceQuotaExceededException]},
		{"AccessDeniedException", 403, isType[*types.AccessDeniedException]},
		{"ResourceNotFoundException", 404, isType[*types.ResourceNotFoundException]},
		{"ConflictException", 409, isType[*types.ConflictException]},
		{"ContentSizeExceededException", 413, isType[*types.ContentSizeExceededException]},
		{"ThrottlingException", 429, isType[*types.ThrottlingException]},
		{"InternalServerException", 500, isType[*types.InternalServerException]},
		{"ServiceUnavailableException", 503, func(err error) bool {
			return errorCode(err) == "ServiceUnavailableException"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			c := h.client()
			h.emu.InjectError(emulator.OpCreatePrivateConnection, tt.name, 1)

			input := &devopsagent.CreatePrivateConnectionInput{
				Name: aws.String("faulty"), Mode: serviceManaged(),
			}
			_, err := c.CreatePrivateConnection(context.Background(), input)
			if !tt.typed(err) || httpStatus(err) != tt.status {
				t.Fatalf("got %d %v", httpStatus(err), err)
			}
			if _, ok := h.emu.Connection("faulty"); ok {
				t.Error("an injected error created the connection")
			}
			if got := h.emu.Stats().FaultsInjected[tt.name]; got != 1 {
				t.Errorf("faults counted = %d", got)
			}
			if _, err := c.CreatePrivateConnection(context.Background(), input); err != nil {
				t.Errorf("the fault outlived its count: %v", err)
			}
		})
	}
}

func TestInjectError_countAndScope(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	c := h.client()
	ctx := context.Background()
	create(t, c, "steady", serviceManaged())
	h.emu.InjectError(emulator.OpDescribePrivateConnection, "ThrottlingException", 2)

	// Other operations are untouched.
	_, err := c.ListPrivateConnections(ctx, &devopsagent.ListPrivateConnectionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := describe(t, c, "steady"); !isType[*types.ThrottlingException](err) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if _, err := describe(t, c, "steady"); err != nil {
		t.Fatalf("third call: %v", err)
	}

	// Faults apply to deletes without deleting.
	h.emu.InjectError(emulator.OpDeletePrivateConnection, "InternalServerException", 1)
	_, err = c.DeletePrivateConnection(ctx,
		&devopsagent.DeletePrivateConnectionInput{Name: aws.String("steady")})
	if !isType[*types.InternalServerException](err) {
		t.Fatalf("delete: %v", err)
	}
	if got := statusOf(t, c, "steady"); got != types.PrivateConnectionStatusActive {
		t.Errorf("status after a faulted delete = %s", got)
	}
}

func TestInjectMalformed(t *testing.T) {
	ctx := context.Background()
	input := func() *devopsagent.CreatePrivateConnectionInput {
		return &devopsagent.CreatePrivateConnectionInput{
			Name: aws.String("garbled"), Mode: serviceManaged(),
		}
	}

	t.Run("truncated-json create happens", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.InjectMalformed(emulator.OpCreatePrivateConnection, "truncated-json", 1)
		_, err := h.client().CreatePrivateConnection(ctx, input())
		var de *smithy.DeserializationError
		if !errors.As(err, &de) {
			t.Fatalf("want a deserialization error, got %v", err)
		}
		if _, ok := h.emu.Connection("garbled"); !ok {
			t.Error("the create did not happen")
		}
	})

	t.Run("html create does not happen", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.InjectMalformed(emulator.OpCreatePrivateConnection, "html", 1)
		_, err := h.client().CreatePrivateConnection(ctx, input())
		var de *smithy.DeserializationError
		if !errors.As(err, &de) || httpStatus(err) != 502 {
			t.Fatalf("want a 502 deserialization error, got %d %v", httpStatus(err), err)
		}
		if _, ok := h.emu.Connection("garbled"); ok {
			t.Error("the create happened")
		}
		resp := h.do(t, rawRequest{method: "GET", path: "/v1/private-connections"})
		if resp.status != 200 {
			t.Errorf("the fault outlived its count: %d", resp.status)
		}
	})

	// The SDK reads an empty 200 body as an output with nothing in it.
	t.Run("empty-body create does not happen", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.InjectMalformed(emulator.OpCreatePrivateConnection, "empty-body", 1)
		out, err := h.client().CreatePrivateConnection(ctx, input())
		if err != nil {
			t.Fatal(err)
		}
		if out.Name != nil || out.Status != "" {
			t.Errorf("output = %+v", out)
		}
		if _, ok := h.emu.Connection("garbled"); ok {
			t.Error("the create happened")
		}
	})

	// The SDK accepts any enum string, so an unknown status arrives as such.
	t.Run("unknown-status describe and list", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		c := h.client()
		create(t, c, "garbled", serviceManaged())
		h.emu.InjectMalformed(emulator.OpDescribePrivateConnection, "unknown-status", 1)
		h.emu.InjectMalformed(emulator.OpListPrivateConnections, "unknown-status", 1)
		if got := statusOf(t, c, "garbled"); got != "PENDING_SOMETHING" {
			t.Errorf("describe status = %s", got)
		}
		out, err := c.ListPrivateConnections(ctx, &devopsagent.ListPrivateConnectionsInput{})
		if err != nil {
			t.Fatal(err)
		}
		if out.PrivateConnections[0].Status != "PENDING_SOMETHING" {
			t.Errorf("list status = %s", out.PrivateConnections[0].Status)
		}
		if got := statusOf(t, c, "garbled"); got != types.PrivateConnectionStatusActive {
			t.Errorf("status after the fault = %s", got)
		}
	})

	t.Run("truncated-json waits for a success", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		c := h.client()
		h.emu.InjectMalformed(emulator.OpDescribePrivateConnection, "truncated-json", 1)
		_, err := describe(t, c, "garbled")
		requireNotFound(t, err)
		create(t, c, "garbled", serviceManaged())
		_, err = describe(t, c, "garbled")
		var de *smithy.DeserializationError
		if !errors.As(err, &de) {
			t.Fatalf("want a deserialization error, got %v", err)
		}
		if got := h.emu.Stats().FaultsInjected["truncated-json"]; got != 1 {
			t.Errorf("faults counted = %d", got)
		}
	})

	t.Run("unknown-status delete happens", func(t *testing.T) {
		h := newHarness(t, emulator.Options{DeleteDelay: 1})
		c := h.client()
		create(t, c, "garbled", serviceManaged())
		h.emu.InjectMalformed(emulator.OpDeletePrivateConnection, "unknown-status", 1)
		out, err := c.DeletePrivateConnection(ctx,
			&devopsagent.DeletePrivateConnectionInput{Name: aws.String("garbled")})
		if err != nil || out.Status != "PENDING_SOMETHING" {
			t.Fatalf("delete = %+v, %v", out, err)
		}
		if got, _ := h.emu.Connection("garbled"); got.Status != emulator.StatusDeleteInProgress {
			t.Errorf("stored status = %s", got.Status)
		}
	})
}

func TestFaultRates(t *testing.T) {
	ctx := context.Background()
	t.Run("always throttle", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.SetFaultRates(1, 0)
		_, err := h.client().CreatePrivateConnection(ctx, &devopsagent.CreatePrivateConnectionInput{
			Name: aws.String("rated"), Mode: serviceManaged(),
		})
		if !isType[*types.ThrottlingException](err) {
			t.Fatalf("got %v", err)
		}
		if len(h.emu.Connections()) != 0 {
			t.Error("a throttled create happened")
		}
	})
	t.Run("always fail", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.SetFaultRates(0, 1)
		_, err := h.client().ListPrivateConnections(ctx, &devopsagent.ListPrivateConnectionsInput{})
		if !isType[*types.InternalServerException](err) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("seeded fractions", func(t *testing.T) {
		counts := func(seed int64) (throttled, failed int, pattern []bool) {
			h := newHarness(t, emulator.Options{Seed: seed})
			h.emu.SetFaultRates(0.3, 0.2)
			c := h.client()
			for range 200 {
				_, err := c.ListPrivateConnections(ctx, &devopsagent.ListPrivateConnectionsInput{})
				switch {
				case isType[*types.ThrottlingException](err):
					throttled++
				case isType[*types.InternalServerException](err):
					failed++
				case err != nil:
					t.Fatal(err)
				}
				pattern = append(pattern, err != nil)
			}
			stats := h.emu.Stats().FaultsInjected
			if stats["ThrottlingException"] != throttled ||
				stats["InternalServerException"] != failed {
				t.Errorf("stats %v disagree with %d/%d", stats, throttled, failed)
			}
			return throttled, failed, pattern
		}
		th, fa, p1 := counts(7)
		if th < 35 || th > 85 || fa < 20 || fa > 60 {
			t.Errorf("throttled %d and failed %d of 200 at rates 0.3 and 0.2", th, fa)
		}
		_, _, p2 := counts(7)
		for i := range p1 {
			if p1[i] != p2[i] {
				t.Fatal("the same seed drew different faults")
			}
		}
	})
	t.Run("off again", func(t *testing.T) {
		h := newHarness(t, emulator.Options{})
		h.emu.SetFaultRates(1, 0)
		h.emu.SetFaultRates(0, 0)
		_, err := h.client().ListPrivateConnections(ctx, &devopsagent.ListPrivateConnectionsInput{})
		if err != nil {
			t.Fatal(err)
		}
	})
}
