// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/opsconnect/terraform-provider-devopsagent/internal/emulator"
)

func TestGetCallerIdentity(t *testing.T) {
	h := newHarness(t, emulator.Options{AccountID: "210987654321", Partition: "aws-us-gov"})
	out, err := h.stsClient(h.defaultConfig()).GetCallerIdentity(context.Background(),
		&sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account) != "210987654321" {
		t.Errorf("account = %q", aws.ToString(out.Account))
	}
	if got := aws.ToString(out.Arn); got != "arn:aws-us-gov:iam::210987654321:user/emulator" {
		t.Errorf("arn = %q", got)
	}
	if id := aws.ToString(out.UserId); !strings.HasPrefix(id, "AIDA") || len(id) != 21 {
		t.Errorf("user id = %q", id)
	}
	if got := h.emu.Stats().Requests[emulator.OpGetCallerIdentity]; got != 1 {
		t.Errorf("requests counted = %d", got)
	}
}

func TestGetCallerIdentity_errors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		setup  func(*harness, *clientConfig)
		code   string
		status int
	}{
		{"wrong secret", func(_ *harness, c *clientConfig) { c.secretKey = "nope" },
			"SignatureDoesNotMatch", 403},
		{"unknown key", func(_ *harness, c *clientConfig) { c.accessKey = "AKIDOTHER" },
			"InvalidClientTokenId", 403},
		{"wrong region", func(_ *harness, c *clientConfig) { c.region = "ap-south-1" },
			"SignatureDoesNotMatch", 403},
		{"injected throttling", func(h *harness, _ *clientConfig) {
			h.emu.InjectError(emulator.OpGetCallerIdentity, "ThrottlingException", 1)
		}, "Throttling", 400},
		{"injected internal error", func(h *harness, _ *clientConfig) {
			h.emu.InjectError(emulator.OpGetCallerIdentity, "InternalServerException", 1)
		}, "InternalFailure", 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, emulator.Options{})
			cc := h.defaultConfig()
			tt.setup(h, &cc)
			_, err := h.stsClient(cc).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			if errorCode(err) != tt.code || httpStatus(err) != tt.status {
				t.Errorf("got %d %q (%v), want %d %q", httpStatus(err), errorCode(err), err,
					tt.status, tt.code)
			}
		})
	}
}

func TestSTS_rawShapes(t *testing.T) {
	h := newHarness(t, emulator.Options{})
	form := "Action=GetCallerIdentity&Version=2011-06-15"
	hdr := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}

	resp := h.do(t, rawRequest{method: "POST", path: "/", body: form, header: hdr,
		service: "sts"})
	if resp.status != 200 || !strings.Contains(string(resp.body),
		"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">") ||
		!strings.Contains(string(resp.body), "<RequestId>") {
		t.Errorf("answer = %d %s", resp.status, resp.body)
	}

	// The STS endpoint wants signatures scoped to sts, and answers in its XML error shape.
	resp = h.do(t, rawRequest{method: "POST", path: "/", body: form, header: hdr})
	if resp.status != 403 || !strings.Contains(string(resp.body),
		"<Code>SignatureDoesNotMatch</Code>") ||
		!strings.HasPrefix(string(resp.body), "<?xml") {
		t.Errorf("aidevops-scoped STS call = %d %s", resp.status, resp.body)
	}

	resp = h.do(t, rawRequest{method: "POST", path: "/", service: "sts", header: hdr,
		body: "Action=AssumeRole&Version=2011-06-15"})
	if resp.status != 400 || !strings.Contains(string(resp.body), "<Code>InvalidAction</Code>") {
		t.Errorf("unknown action = %d %s", resp.status, resp.body)
	}
}
